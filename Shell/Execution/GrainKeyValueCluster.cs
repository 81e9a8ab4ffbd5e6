using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Repair;
using OrleansKv.Results;

namespace OrleansKv.Shell.Execution;

/// <summary><see cref="IKeyValueCluster"/> over the contract grains, through an Orleans client or a silo's grain factory.</summary>
public sealed class GrainKeyValueCluster(IGrainFactory grains) : IKeyValueCluster
{
    public Task<WriteResult> PutAsync(string coordinatorNode, string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        timeToLive is null
            ? Coordinator(coordinatorNode).PutAsync(key, value, level)
            : Coordinator(coordinatorNode).PutAsync(key, value, level, timeToLive);

    public Task<ReadResult> GetAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Coordinator(coordinatorNode).GetAsync(key, level);

    public Task<WriteResult> DeleteAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Coordinator(coordinatorNode).DeleteAsync(key, level);

    public Task<ReplicaPlacement> GetReplicasAsync(string coordinatorNode, string key) =>
        Coordinator(coordinatorNode).GetReplicasAsync(key);

    public Task<ReplicaInspection> InspectReplicasAsync(string coordinatorNode, string key) =>
        Coordinator(coordinatorNode).InspectReplicasAsync(key);

    public Task<RingDescription> GetRingAsync(string coordinatorNode) => Coordinator(coordinatorNode).GetRingAsync();

    public Task<NodeStats> GetStatsAsync(string node, int sampleKeys) =>
        grains.GetGrain<INodeInfoGrain>(node).GetStatsAsync(sampleKeys).AsTask();

    public Task<RepairStatus> StartRepairAsync(string node) => grains.GetGrain<IRepairGrain>(node).StartAsync().AsTask();

    public Task<RepairStatus?> GetRepairAsync(string node) => grains.GetGrain<IRepairGrain>(node).GetStatusAsync().AsTask();

    private IRingCoordinatorGrain Coordinator(string node) => grains.GetGrain<IRingCoordinatorGrain>(node);
}
