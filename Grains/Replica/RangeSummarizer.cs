using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// Merkle summaries of a node's token ranges. Each entry (key, version, tombstone flag) hashes
/// to 64 bits; a range's hash is XxHash3 over its entries' hashes in scan order (token, then
/// key), which both replicas share, so equal hashes mean equal contents. A range cut into parts
/// gives the children of the range's node in the tree; anti-entropy walks down only where
/// children differ, so identical replicas exchange one hash per range.
/// </summary>
public static class RangeSummarizer
{
    /// <summary>One summary per part of each range (<see cref="TokenRange.Split"/>), range after range.</summary>
    public static RangeSummary[] Summarize(IKeyValueStore store, IReadOnlyList<TokenRange> ranges, int parts)
    {
        var result = new RangeSummary[ranges.Count * parts];
        var hashers = new XxHash3[parts];
        var counts = new long[parts];
        for (var r = 0; r < ranges.Count; r++)
        {
            var range = ranges[r];
            for (var p = 0; p < parts; p++)
            {
                hashers[p] = new XxHash3();
                counts[p] = 0;
            }

            // Straight from the stored bytes: a summary of a million keys allocates nothing per key.
            store.ForEachStored(range, (key, value) =>
            {
                var part = parts == 1 ? 0 : range.PartOf(StoredValueCodec.TokenOf(key), parts);
                Span<byte> entryHash = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(entryHash, HashOf(key[8..], value));
                hashers[part].Append(entryHash);
                counts[part]++;
                return true;
            });

            for (var p = 0; p < parts; p++)
            {
                result[r * parts + p] = new RangeSummary(counts[p] == 0 ? 0 : hashers[p].GetCurrentHashAsUInt64(), counts[p]);
            }
        }

        return result;
    }

    /// <summary>Every key in the range with its version.</summary>
    public static EntryDigest[] Digest(IKeyValueStore store, TokenRange range) =>
        store.Scan(range).Select(e => new EntryDigest(e.Key, e.Value.Version, e.Value.IsTombstone)).ToArray();

    /// <summary>The hash of one entry: its key, its version and whether it is a tombstone.</summary>
    public static ulong HashOf(StoredEntry entry)
    {
        var key = Encoding.UTF8.GetBytes(entry.Key);
        var node = Encoding.UTF8.GetBytes(entry.Value.Version.NodeId);
        return HashOf(key, entry.Value.Version.Timestamp, entry.Value.IsTombstone, node);
    }

    /// <summary>The same hash from the stored encoding: the key's UTF-8 bytes (after its token) and the encoded value.</summary>
    public static ulong HashOf(ReadOnlySpan<byte> keyUtf8, ReadOnlySpan<byte> storedValue)
    {
        var timestamp = StoredValueCodec.ReadHeader(storedValue, out var node, out var tombstone);
        return HashOf(keyUtf8, timestamp, tombstone, node);
    }

    private static ulong HashOf(ReadOnlySpan<byte> key, long timestamp, bool tombstone, ReadOnlySpan<byte> node)
    {
        var length = key.Length + node.Length + 8 + 4 + 1;
        Span<byte> buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        // Lengths keep ("ab","c") and ("a","bc") apart.
        BinaryPrimitives.WriteInt32LittleEndian(buffer, key.Length);
        key.CopyTo(buffer[4..]);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[(4 + key.Length)..], timestamp);
        buffer[12 + key.Length] = tombstone ? (byte)1 : (byte)0;
        node.CopyTo(buffer[(13 + key.Length)..]);
        return XxHash3.HashToUInt64(buffer);
    }

    /// <summary>Bytes a digest takes in a message (for repair accounting).</summary>
    public static long WireBytes(EntryDigest digest) =>
        Encoding.UTF8.GetByteCount(digest.Key) + Encoding.UTF8.GetByteCount(digest.Version.NodeId) + 8 + 4 + 1;
}
