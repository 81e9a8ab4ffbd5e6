using System.Buffers.Binary;
using System.Text;
using OrleansKv.Grains.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The on-disk format of keys and values. Changing it means a new format byte and a reader for
/// every old one: existing data directories must keep opening.
/// </summary>
/// <remarks>
/// Key:   [token: 8 bytes big-endian][key: UTF-8]. Big-endian tokens make RocksDB's byte order
///        the ring's clockwise order, so a token range is one contiguous scan.
/// Value, format 1: [format: 1][flags: bit 0 = tombstone][timestamp: 8 bytes big-endian]
///        [node id length: 2 bytes big-endian][node id: UTF-8][value bytes, absent for a tombstone].
/// Value, format 2: as format 1, with flag bit 1 = has expiry, and when it is set
///        [expires at: Unix ms, 8 bytes big-endian] between the node id and the value bytes.
/// Values without an expiry are still written in format 1, so data written before expiry
/// existed and data written since without one are byte-for-byte alike.
/// Format bytes and flag bits are persisted: append-only, never reorder or reuse.
/// </remarks>
public static class StoredValueCodec
{
    private const byte FormatV1 = 1;
    private const byte FormatV2 = 2;
    private const byte TombstoneFlag = 1;
    private const byte ExpiryFlag = 2;
    private const int HeaderBytes = 1 + 1 + 8 + 2;
    private const int ExpiryBytes = 8;

    public static byte[] EncodeKey(string key) => EncodeKey(RingToken.Of(key), key);

    public static byte[] EncodeKey(ulong token, string key)
    {
        var bytes = new byte[8 + Encoding.UTF8.GetByteCount(key)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, token);
        Encoding.UTF8.GetBytes(key, bytes.AsSpan(8));
        return bytes;
    }

    public static byte[] EncodeTokenPrefix(ulong token)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, token);
        return bytes;
    }

    public static (ulong Token, string Key) DecodeKey(ReadOnlySpan<byte> bytes) =>
        (BinaryPrimitives.ReadUInt64BigEndian(bytes), Encoding.UTF8.GetString(bytes[8..]));

    public static byte[] EncodeValue(VersionedValue value)
    {
        var nodeIdLength = Encoding.UTF8.GetByteCount(value.Version.NodeId);
        var payload = value.Value ?? [];
        var expiresAt = value.ExpiresAtUnixMs;
        var expiryLength = expiresAt is null ? 0 : ExpiryBytes;
        var bytes = new byte[HeaderBytes + nodeIdLength + expiryLength + payload.Length];
        bytes[0] = expiresAt is null ? FormatV1 : FormatV2;
        bytes[1] = (byte)((value.IsTombstone ? TombstoneFlag : 0) | (expiresAt is null ? 0 : ExpiryFlag));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), value.Version.Timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), checked((ushort)nodeIdLength));
        Encoding.UTF8.GetBytes(value.Version.NodeId, bytes.AsSpan(HeaderBytes));
        if (expiresAt is { } ms)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(HeaderBytes + nodeIdLength), ms);
        }

        payload.CopyTo(bytes.AsSpan(HeaderBytes + nodeIdLength + expiryLength));
        return bytes;
    }

    public static VersionedValue DecodeValue(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || bytes[0] is not (FormatV1 or FormatV2))
        {
            throw new InvalidDataException($"Unknown stored value format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
        var nodeIdLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]);
        var nodeId = Encoding.UTF8.GetString(bytes.Slice(HeaderBytes, nodeIdLength));
        var version = new ValueVersion(timestamp, nodeId);
        var offset = HeaderBytes + nodeIdLength;
        long? expiresAt = null;
        if (bytes[0] == FormatV2 && (bytes[1] & ExpiryFlag) != 0)
        {
            expiresAt = BinaryPrimitives.ReadInt64BigEndian(bytes[offset..]);
            offset += ExpiryBytes;
        }

        return (bytes[1] & TombstoneFlag) != 0
            ? VersionedValue.Tombstone(version)
            : new VersionedValue(version, bytes[offset..].ToArray(), expiresAt);
    }

    /// <summary>The version and tombstone flag of an encoded value, without copying its payload.</summary>
    public static (ValueVersion Version, bool Tombstone) DecodeHeader(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || bytes[0] is not (FormatV1 or FormatV2))
        {
            throw new InvalidDataException($"Unknown stored value format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        var nodeIdLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]);
        var version = new ValueVersion(BinaryPrimitives.ReadInt64BigEndian(bytes[2..]), Encoding.UTF8.GetString(bytes.Slice(HeaderBytes, nodeIdLength)));
        return (version, (bytes[1] & TombstoneFlag) != 0);
    }

    /// <summary>The version's parts and the tombstone flag of an encoded value, as spans: nothing is allocated.</summary>
    public static long ReadHeader(ReadOnlySpan<byte> bytes, out ReadOnlySpan<byte> nodeIdUtf8, out bool tombstone)
    {
        if (bytes.Length < HeaderBytes || bytes[0] is not (FormatV1 or FormatV2))
        {
            throw new InvalidDataException($"Unknown stored value format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        nodeIdUtf8 = bytes.Slice(HeaderBytes, BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]));
        tombstone = (bytes[1] & TombstoneFlag) != 0;
        return BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
    }

    /// <summary>The ring token an encoded key starts with.</summary>
    public static ulong TokenOf(ReadOnlySpan<byte> encodedKey) => BinaryPrimitives.ReadUInt64BigEndian(encodedKey);

    /// <summary>True when the encoded value is a tombstone, without decoding the rest.</summary>
    public static bool IsTombstone(ReadOnlySpan<byte> bytes) => (bytes[1] & TombstoneFlag) != 0;
}
