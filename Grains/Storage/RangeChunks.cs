using System.Buffers;
using System.Buffers.Binary;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Storage;

/// <summary>The packed layout of a <see cref="RangeChunk"/>: writing entries into one, reading them back, and resuming after one.</summary>
public static class RangeChunks
{
    /// <summary>Appends one entry (encoded key and value, as the store holds them).</summary>
    public static void Append(ArrayBufferWriter<byte> packed, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var span = packed.GetSpan(8 + key.Length + value.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, key.Length);
        key.CopyTo(span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span[(4 + key.Length)..], value.Length);
        value.CopyTo(span[(8 + key.Length)..]);
        packed.Advance(8 + key.Length + value.Length);
    }

    /// <summary>Where each entry's key and value lie in <paramref name="packed"/>, in order.</summary>
    public static List<(Range Key, Range Value)> Entries(byte[] packed)
    {
        var entries = new List<(Range Key, Range Value)>();
        var offset = 0;
        while (offset < packed.Length)
        {
            var keyLength = BinaryPrimitives.ReadInt32BigEndian(packed.AsSpan(offset));
            var key = new Range(offset + 4, offset + 4 + keyLength);
            offset = key.End.Value;
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(packed.AsSpan(offset));
            var value = new Range(offset + 4, offset + 4 + valueLength);
            offset = value.End.Value;
            entries.Add((key, value));
        }

        return entries;
    }

    /// <summary>What is left of <paramref name="range"/> after a chunk that ended at <paramref name="lastToken"/>.</summary>
    public static TokenRange After(TokenRange range, ulong lastToken) => new(lastToken, range.EndInclusive);
}
