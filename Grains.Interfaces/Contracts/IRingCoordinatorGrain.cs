using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Results;

namespace OrleansKv.Contracts;

/// <summary>
/// A node's request coordinator, one per node, keyed by the node id and pinned to that node.
/// It finds a key's replicas on the ring, calls them all at once and answers as soon as the
/// consistency level is met.
/// </summary>
/// <remarks>
/// Errors: <see cref="Errors.InvalidRequestException"/> for a bad key or value,
/// <see cref="Errors.ConsistencyNotMetException"/> when too few replicas answered,
/// <see cref="Errors.NodeUnavailableException"/> when this coordinator's node is down.
/// </remarks>
[Alias("kv.IRingCoordinatorGrain")]
public interface IRingCoordinatorGrain : IGrainWithStringKey
{
    [Alias("Put")]
    Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level);

    /// <summary>
    /// <see cref="PutAsync(string, byte[], ConsistencyLevel)"/> with a time to live: the value
    /// reads as absent from <paramref name="timeToLive"/> after the write's version was stamped.
    /// Null means the value never expires.
    /// </summary>
    [Alias("PutWithTtl")]
    Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive);

    [Alias("Get")]
    Task<ReadResult> GetAsync(string key, ConsistencyLevel level);

    /// <summary>Writes a versioned tombstone on the key's replicas.</summary>
    [Alias("Delete")]
    Task<WriteResult> DeleteAsync(string key, ConsistencyLevel level);

    /// <summary>
    /// One page of the cluster's live keys starting with <paramref name="prefix"/>, in listing
    /// order, after <paramref name="cursor"/> (a previous page's <see cref="KeyPage.NextCursor"/>;
    /// null for the first page), each token range read at <paramref name="level"/>.
    /// </summary>
    [Alias("ListKeys")]
    Task<KeyPage> ListKeysAsync(string prefix, int limit, string? cursor, ConsistencyLevel level);

    /// <summary>
    /// Writes exported keys back with their own versions (last writer wins: an older export never
    /// overwrites newer data), each to its replicas at <paramref name="level"/>.
    /// </summary>
    [Alias("Import")]
    Task ImportAsync(ListedKey[] entries, ConsistencyLevel level);

    /// Writes <paramref name="value"/> only if <paramref name="condition"/> holds when decided, at
    /// <see cref="ConsistencyLevel.Serial"/> (any other level is refused). Throws
    /// <see cref="Errors.ConditionFailedException"/>, with the key as it was, when it does not hold.
    /// </summary>
    [Alias("PutIf")]
    Task<WriteResult> PutIfAsync(string key, byte[] value, WriteCondition condition, ConsistencyLevel level, TimeSpan? timeToLive);

    /// <summary>Deletes the key only if <paramref name="condition"/> holds, as <see cref="PutIfAsync"/>.</summary>
    [Alias("DeleteIf")]
    Task<WriteResult> DeleteIfAsync(string key, WriteCondition condition, ConsistencyLevel level);

    /// <summary>The key's preference list and which of those nodes are up.</summary>
    [Alias("GetReplicas")]
    Task<ReplicaPlacement> GetReplicasAsync(string key);

    /// <summary>Every ring member with its tokens, share and state.</summary>
    [Alias("GetRing")]
    Task<RingDescription> GetRingAsync();

    /// <summary>
    /// Each replica's own copy of the key (version and value, or that it is down), with stale
    /// copies marked. Reads every up replica and repairs nothing.
    /// </summary>
    [Alias("InspectReplicas")]
    Task<ReplicaInspection> InspectReplicasAsync(string key);

    /// <summary>Key requests this coordinator has handled since its node started, whatever their outcome.</summary>
    [Alias("GetRequestsCoordinated")]
    Task<long> GetRequestsCoordinatedAsync();
}
