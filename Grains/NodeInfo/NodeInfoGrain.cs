using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansKv.Cluster;
using OrleansKv.Contracts;
using OrleansKv.Grains.Convergence;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Placement;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Snapshots;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;
using OrleansKv.Ring;

namespace OrleansKv.Grains.NodeInfo;

/// <summary>Reports what this node holds and how it helps replicas converge; pinned, reentrant, read-only.</summary>
[NodePinnedPlacement, Reentrant]
public sealed class NodeInfoGrain(
    IKeyValueStore store,
    HintStore hints,
    ReadRepair readRepair,
    TombstoneCollector tombstones,
    ReplicaReadiness liveness,
    ClockFence clock,
    SnapshotService snapshots,
    ILocalSiloDetails silo,
    NodeStartTime started,
    IOptions<NodeEndpointsOptions> endpoints) : Grain, INodeInfoGrain
{
    public ValueTask<NodeStats> GetStatsAsync(int sampleKeys)
    {
        var sample = store.Scan(TokenRange.Full)
            .Where(e => !e.Value.IsTombstone)
            .Take(Math.Clamp(sampleKeys, 0, 1000))
            .Select(e => e.Key)
            .ToArray();
        var convergence = new ConvergenceStats(
            hints.Pending, hints.PendingByNode(), hints.Delivered, hints.Dropped, readRepair.Repairs, tombstones.Purged, liveness.RepairRequired);
        return ValueTask.FromResult(new NodeStats(
            silo.Name,
            silo.SiloAddress.ToString(),
            Environment.ProcessId,
            started.Value,
            store.LiveKeyCount,
            store.TombstoneCount,
            sample,
            endpoints.Value.HttpUrl,
            endpoints.Value.GatewayPort,
            store.Location,
            convergence,
            store.CountsExact,
            clock.Status,
            snapshots.HeldBytes));
    }
}
