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
/// Value: [format: 1 = v1][flags: bit 0 = tombstone][timestamp: 8 bytes big-endian]
///        [node id length: 2 bytes big-endian][node id: UTF-8][value bytes, absent for a tombstone].
/// </remarks>
public static class StoredValueCodec
{
    private const byte FormatV1 = 1;
    private const byte TombstoneFlag = 1;
    private const int HeaderBytes = 1 + 1 + 8 + 2;

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
        var bytes = new byte[HeaderBytes + nodeIdLength + payload.Length];
        bytes[0] = FormatV1;
        bytes[1] = value.IsTombstone ? TombstoneFlag : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), value.Version.Timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), checked((ushort)nodeIdLength));
        Encoding.UTF8.GetBytes(value.Version.NodeId, bytes.AsSpan(HeaderBytes));
        payload.CopyTo(bytes.AsSpan(HeaderBytes + nodeIdLength));
        return bytes;
    }

    public static VersionedValue DecodeValue(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || bytes[0] != FormatV1)
        {
            throw new InvalidDataException($"Unknown stored value format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
        var nodeIdLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]);
        var nodeId = Encoding.UTF8.GetString(bytes.Slice(HeaderBytes, nodeIdLength));
        var version = new ValueVersion(timestamp, nodeId);
        return (bytes[1] & TombstoneFlag) != 0
            ? VersionedValue.Tombstone(version)
            : new VersionedValue(version, bytes[(HeaderBytes + nodeIdLength)..].ToArray());
    }

    /// <summary>True when the encoded value is a tombstone, without decoding the rest.</summary>
    public static bool IsTombstone(ReadOnlySpan<byte> bytes) => (bytes[1] & TombstoneFlag) != 0;
}
