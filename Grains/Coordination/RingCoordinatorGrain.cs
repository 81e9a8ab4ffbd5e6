using Orleans.Concurrency;
using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Placement;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Results;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The Orleans face of a node's <see cref="RequestCoordinator"/>, for clients (the shell, the
/// embedded client) that pick the coordinating node by id. Pinned to that node, reentrant and
/// stateless, so one node coordinates any number of requests at once.
/// </summary>
[NodePinnedPlacement, Reentrant]
public sealed class RingCoordinatorGrain(
    RequestCoordinator coordinator, KeyLister lister, KeyImporter importer, RingViews ring, ReplicaInspector inspector, KvMetrics metrics, ILocalSiloDetails silo) : Grain, IRingCoordinatorGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Placement guarantees this; a mismatch would stamp versions with the wrong node id.
        var nodeId = this.GetPrimaryKeyString();
        return nodeId == silo.Name
            ? Task.CompletedTask
            : throw new InvalidOperationException($"Coordinator '{nodeId}' activated on silo '{silo.Name}'.");
    }

    public Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level) => coordinator.PutAsync(key, value, level);

    public Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive) =>
        coordinator.PutAsync(key, value, level, timeToLive);

    public Task<ReadResult> GetAsync(string key, ConsistencyLevel level) => coordinator.GetAsync(key, level);

    public Task<WriteResult> DeleteAsync(string key, ConsistencyLevel level) => coordinator.DeleteAsync(key, level);

    public Task<KeyPage> ListKeysAsync(string prefix, int limit, string? cursor, ConsistencyLevel level) =>
        lister.ListAsync(prefix, limit, cursor, level);

    public Task ImportAsync(ListedKey[] entries, ConsistencyLevel level) => importer.ImportAsync(entries, level);

    public Task<WriteResult> PutIfAsync(string key, byte[] value, WriteCondition condition, ConsistencyLevel level, TimeSpan? timeToLive) =>
        coordinator.PutIfAsync(key, value, condition, level, timeToLive);

    public Task<WriteResult> DeleteIfAsync(string key, WriteCondition condition, ConsistencyLevel level) =>
        coordinator.DeleteIfAsync(key, condition, level);

    public Task<ReplicaPlacement> GetReplicasAsync(string key) => ring.GetReplicasAsync(key);

    public Task<RingDescription> GetRingAsync() => ring.GetRingAsync();

    public Task<ReplicaInspection> InspectReplicasAsync(string key) => inspector.InspectAsync(key);

    public Task<long> GetRequestsCoordinatedAsync() => Task.FromResult(metrics.RequestsCoordinated);
}
