using System.Buffers.Binary;
using System.Text;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The on-disk format of hints in the <c>hints</c> column family. Changing it means a new
/// format byte and a reader for every old one.
/// </summary>
/// <remarks>
/// Key:   [target length: 1 byte][target node id: UTF-8][created: 8 bytes big-endian Unix ms]
///        [sequence: 8 bytes big-endian]. One target's hints are one contiguous run, oldest first.
/// Value: [format: 1 = v1][key length: 4 bytes big-endian][key: UTF-8][the value as <see cref="StoredValueCodec"/> encodes it].
/// </remarks>
public static class HintCodec
{
    private const byte FormatV1 = 1;

    public static byte[] TargetPrefix(string target)
    {
        var length = Encoding.UTF8.GetByteCount(target);
        var bytes = new byte[1 + length];
        bytes[0] = checked((byte)length);
        Encoding.UTF8.GetBytes(target, bytes.AsSpan(1));
        return bytes;
    }

    public static byte[] EncodeKey(string target, long createdAt, long sequence)
    {
        var prefix = TargetPrefix(target);
        var bytes = new byte[prefix.Length + 16];
        prefix.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(prefix.Length), createdAt);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(prefix.Length + 8), sequence);
        return bytes;
    }

    public static (string Target, long CreatedAt) DecodeKey(ReadOnlySpan<byte> bytes)
    {
        var length = bytes[0];
        var target = Encoding.UTF8.GetString(bytes.Slice(1, length));
        return (target, BinaryPrimitives.ReadInt64BigEndian(bytes[(1 + length)..]));
    }

    public static byte[] EncodeValue(string key, OrleansKv.Versioning.VersionedValue value)
    {
        var keyLength = Encoding.UTF8.GetByteCount(key);
        var stored = StoredValueCodec.EncodeValue(value);
        var bytes = new byte[1 + 4 + keyLength + stored.Length];
        bytes[0] = FormatV1;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), keyLength);
        Encoding.UTF8.GetBytes(key, bytes.AsSpan(5));
        stored.CopyTo(bytes, 5 + keyLength);
        return bytes;
    }

    public static (string Key, OrleansKv.Versioning.VersionedValue Value) DecodeValue(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 5 || bytes[0] != FormatV1)
        {
            throw new InvalidDataException($"Unknown hint format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        var keyLength = BinaryPrimitives.ReadInt32BigEndian(bytes[1..]);
        var key = Encoding.UTF8.GetString(bytes.Slice(5, keyLength));
        return (key, StoredValueCodec.DecodeValue(bytes[(5 + keyLength)..]));
    }
}
