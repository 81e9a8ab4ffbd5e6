using Orleans.Concurrency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Placement;
using OrleansKv.Snapshots;

namespace OrleansKv.Grains.Snapshots;

/// <summary>The Orleans face of a node's <see cref="SnapshotService"/>, so the coordinator on any node can reach every node's snapshots.</summary>
[NodePinnedPlacement, Reentrant]
public sealed class SnapshotGrain(SnapshotService snapshots) : Grain, ISnapshotGrain
{
    public ValueTask<NodeSnapshot> TakeAsync(SnapshotRequest request) => ValueTask.FromResult(snapshots.Take(request));

    public ValueTask<NodeSnapshot[]> ListAsync() => ValueTask.FromResult(snapshots.List());

    public async ValueTask<bool> DeleteAsync(string id) => await snapshots.DeleteAsync(id);
}
