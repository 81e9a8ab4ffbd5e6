using Orleans.Concurrency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Placement;
using OrleansKv.Jobs;

namespace OrleansKv.Grains.Convergence;

/// <summary>The Orleans face of a node's <see cref="RepairService"/>, so any node or client can start and watch a repair of this one.</summary>
[NodePinnedPlacement, Reentrant]
public sealed class RepairGrain(RepairService repairs) : Grain, IRepairGrain
{
    public ValueTask<JobProgress> StartAsync() => ValueTask.FromResult(repairs.Start());

    public ValueTask<JobProgress?> GetStatusAsync() => ValueTask.FromResult(repairs.Status);
}
