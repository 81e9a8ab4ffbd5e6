using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Cuts a token range of the store into <see cref="RangeChunk"/>s for streaming: one RocksDB
/// range scan per chunk, up to a number of entries or bytes, ending on a token boundary so the
/// next chunk can start strictly after the last token.
/// </summary>
public static class RangeChunks
{
    /// <summary>The first chunk of <paramref name="range"/>; for the next, call again with <see cref="After"/>.</summary>
    public static RangeChunk Read(IKeyValueStore store, TokenRange range, int maxEntries, int maxBytes)
    {
        var entries = new List<ReplicaWrite>(Math.Min(maxEntries, 4096));
        long bytes = 0;
        ulong lastToken = range.StartExclusive;
        foreach (var entry in store.Scan(range))
        {
            var full = entries.Count >= maxEntries || bytes >= maxBytes;
            if (full && entry.Token != lastToken)
            {
                return new RangeChunk(entries.ToArray(), lastToken, Done: false);
            }

            entries.Add(new ReplicaWrite(entry.Key, entry.Value));
            bytes += WireBytes(entry.Key, entry.Value);
            lastToken = entry.Token;
        }

        return new RangeChunk(entries.ToArray(), lastToken, Done: true);
    }

    /// <summary>What is left of <paramref name="range"/> after a chunk that ended at <paramref name="lastToken"/>.</summary>
    public static TokenRange After(TokenRange range, ulong lastToken) => new(lastToken, range.EndInclusive);

    /// <summary>Bytes of a key and its value as they travel: key, version and value.</summary>
    public static long WireBytes(string key, Versioning.VersionedValue value) =>
        Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value.Version.NodeId) + 8 + 8 + (value.Value?.Length ?? 0);
}
