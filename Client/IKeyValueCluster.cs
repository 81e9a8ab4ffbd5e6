using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Jobs;
using OrleansKv.Results;
using OrleansKv.Ring;

namespace OrleansKv.Client;

/// <summary>
/// The cluster node by node: the key operations and the administration (ring, nodes, repair, ring
/// changes, replica inspection), each served by the node the call names. A call goes to that node
/// once: no rotation, no retry and no timeout, which are the caller's (the shell bounds each call,
/// the bench counts failures, <see cref="KeyValueClient"/> fails over). Errors are the contract's:
/// NodeUnavailableException, ConsistencyNotMetException, InvalidRequestException, RingChangeRejectedException.
/// </summary>
public interface IKeyValueCluster
{
    /// <summary>Writes <paramref name="value"/> (UTF-8 JSON); with <paramref name="timeToLive"/> it expires.</summary>
    Task<WriteResult> PutAsync(string coordinatorNode, string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive = null);

    Task<ReadResult> GetAsync(string coordinatorNode, string key, ConsistencyLevel level);

    Task<WriteResult> DeleteAsync(string coordinatorNode, string key, ConsistencyLevel level);

    /// <summary>Writes exported keys back, each with its own version, at <paramref name="level"/>.</summary>
    Task ImportAsync(string coordinatorNode, ListedKey[] entries, ConsistencyLevel level);

    /// <summary>One page of live keys starting with <paramref name="prefix"/> after <paramref name="cursor"/> (null: the first page).</summary>
    Task<KeyPage> ListKeysAsync(string coordinatorNode, string prefix, int limit, string? cursor, ConsistencyLevel level);

    /// <summary>A put that applies only if <paramref name="condition"/> holds, at <see cref="ConsistencyLevel.Serial"/>; <see cref="Errors.ConditionFailedException"/> otherwise.</summary>
    Task<WriteResult> PutIfAsync(string coordinatorNode, string key, byte[] value, WriteCondition condition, TimeSpan? timeToLive = null);

    /// <summary>A delete that applies only if <paramref name="condition"/> holds, at <see cref="ConsistencyLevel.Serial"/>.</summary>
    Task<WriteResult> DeleteIfAsync(string coordinatorNode, string key, WriteCondition condition);

    Task<ReplicaPlacement> GetReplicasAsync(string coordinatorNode, string key);

    /// <summary>Each replica's own copy of the key, stale ones marked; nothing is repaired.</summary>
    Task<ReplicaInspection> InspectReplicasAsync(string coordinatorNode, string key);

    Task<RingDescription> GetRingAsync(string coordinatorNode);

    /// <summary>What <paramref name="node"/> reports about itself, with up to <paramref name="sampleKeys"/> of its keys.</summary>
    Task<NodeStats> GetStatsAsync(string node, int sampleKeys);

    /// <summary>Starts an anti-entropy repair of <paramref name="node"/>'s ranges (or returns the one running).</summary>
    Task<JobProgress> StartRepairAsync(string node);

    /// <summary>The running or last repair of <paramref name="node"/>; null if none ran since it started.</summary>
    Task<JobProgress?> GetRepairAsync(string node);

    /// <summary><paramref name="node"/> starts leaving the ring (it drives the change, then its process exits); RingChangeRejectedException if it cannot now.</summary>
    Task<JobProgress> DecommissionAsync(string node);

    /// <summary><paramref name="driverNode"/> starts removing <paramref name="nodeId"/>, which must be down; RingChangeRejectedException if it cannot now.</summary>
    Task<JobProgress> RemoveAsync(string driverNode, string nodeId);

    /// <summary>The ring record <paramref name="node"/> follows (removed members and the change's driver included).</summary>
    Task<RingRecord> GetRingRecordAsync(string node);

    /// <summary>The ring change <paramref name="node"/> drives (or drove last), progress summed over its receivers; null if none.</summary>
    Task<JobProgress?> GetRingChangeAsync(string node);

    /// <summary><paramref name="node"/>'s own streaming of the ranges it gains in the current or last change; null if none.</summary>
    Task<JobProgress?> GetStreamingAsync(string node);
}
