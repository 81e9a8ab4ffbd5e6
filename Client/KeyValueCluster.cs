using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Jobs;
using OrleansKv.Results;
using OrleansKv.Ring;

namespace OrleansKv.Client;

/// <summary><see cref="IKeyValueCluster"/> over the contract grains, through an Orleans client or a silo's grain factory. Thread-safe.</summary>
public sealed class KeyValueCluster(IGrainFactory grains) : IKeyValueCluster
{
    public Task<WriteResult> PutAsync(string coordinatorNode, string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        timeToLive is null
            ? Coordinator(coordinatorNode).PutAsync(key, value, level)
            : Coordinator(coordinatorNode).PutAsync(key, value, level, timeToLive);

    public Task<ReadResult> GetAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Coordinator(coordinatorNode).GetAsync(key, level);

    public Task<WriteResult> DeleteAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Coordinator(coordinatorNode).DeleteAsync(key, level);

    public Task ImportAsync(string coordinatorNode, ListedKey[] entries, ConsistencyLevel level) =>
        Coordinator(coordinatorNode).ImportAsync(entries, level);

    public Task<KeyPage> ListKeysAsync(string coordinatorNode, string prefix, int limit, string? cursor, ConsistencyLevel level) =>
        Coordinator(coordinatorNode).ListKeysAsync(prefix, limit, cursor, level);

    public Task<WriteResult> PutIfAsync(string coordinatorNode, string key, byte[] value, WriteCondition condition, TimeSpan? timeToLive = null) =>
        Coordinator(coordinatorNode).PutIfAsync(key, value, condition, ConsistencyLevel.Serial, timeToLive);

    public Task<WriteResult> DeleteIfAsync(string coordinatorNode, string key, WriteCondition condition) =>
        Coordinator(coordinatorNode).DeleteIfAsync(key, condition, ConsistencyLevel.Serial);

    public Task<ReplicaPlacement> GetReplicasAsync(string coordinatorNode, string key) =>
        Coordinator(coordinatorNode).GetReplicasAsync(key);

    public Task<ReplicaInspection> InspectReplicasAsync(string coordinatorNode, string key) =>
        Coordinator(coordinatorNode).InspectReplicasAsync(key);

    public Task<RingDescription> GetRingAsync(string coordinatorNode) => Coordinator(coordinatorNode).GetRingAsync();

    public Task<NodeStats> GetStatsAsync(string node, int sampleKeys) =>
        grains.GetGrain<INodeInfoGrain>(node).GetStatsAsync(sampleKeys).AsTask();

    public Task<JobProgress> StartRepairAsync(string node) => grains.GetGrain<IRepairGrain>(node).StartAsync().AsTask();

    public Task<JobProgress?> GetRepairAsync(string node) => grains.GetGrain<IRepairGrain>(node).GetStatusAsync().AsTask();

    public Task<JobProgress> DecommissionAsync(string node) => Member(node).DecommissionAsync();

    public Task<JobProgress> RemoveAsync(string driverNode, string nodeId) => Member(driverNode).RemoveAsync(nodeId);

    public Task<RingRecord> GetRingRecordAsync(string node) => Member(node).GetRecordAsync();

    public Task<JobProgress?> GetRingChangeAsync(string node) => Member(node).GetChangeAsync();

    public Task<JobProgress?> GetStreamingAsync(string node) => Member(node).GetStreamingAsync();

    private IRingMemberGrain Member(string node) => grains.GetGrain<IRingMemberGrain>(node);

    private IRingCoordinatorGrain Coordinator(string node) => grains.GetGrain<IRingCoordinatorGrain>(node);
}
