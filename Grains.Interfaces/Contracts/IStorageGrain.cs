using OrleansKv.Cluster;
using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>
/// A node's durable local storage, one activation per node, keyed by the node id and pinned to
/// the silo of that name. Replicas are written and read only through this interface.
/// </summary>
[Alias("kv.IStorageGrain")]
public interface IStorageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores <paramref name="value"/> if it is newer than what the node holds (last writer wins by
    /// version) and returns the version the node holds afterwards. Durable when it returns.
    /// </summary>
    [Alias("Apply")]
    ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value);

    /// <summary>The node's value or tombstone for <paramref name="key"/>; null if it never saw the key.</summary>
    [Alias("Read")]
    ValueTask<VersionedValue?> ReadAsync(string key);

    /// <summary>
    /// <see cref="ApplyAsync"/> for many keys in one message; the versions held afterwards, in
    /// order. Coordinators coalesce concurrent replica writes to one node into such batches.
    /// </summary>
    [Alias("ApplyBatch")]
    ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes);

    /// <summary><see cref="ReadAsync"/> for many keys in one message, in order.</summary>
    [Alias("ReadBatch")]
    ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys);

    /// <summary>Counts and a sample of keys held here.</summary>
    [Alias("GetStats")]
    ValueTask<NodeStats> GetStatsAsync(int sampleKeys);
}
