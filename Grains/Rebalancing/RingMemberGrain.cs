using Orleans.Concurrency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Placement;
using OrleansKv.Jobs;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>The Orleans face of a node's ring services, so drivers on other nodes, the HTTP API and the shell can reach them.</summary>
[NodePinnedPlacement, Reentrant]
public sealed class RingMemberGrain(RingFollower ring, RangeStreamer streamer, OwnershipCleanup cleanup, RingChangeDriver driver)
    : Grain, IRingMemberGrain
{
    public async Task<long> RefreshAsync(long epoch)
    {
        if (ring.Topology.Epoch < epoch)
        {
            await ring.RefreshAsync();
        }

        return ring.Topology.Epoch;
    }

    public Task<JobProgress> StartStreamingAsync(long epoch) => Task.FromResult(streamer.Start(epoch));

    public Task CleanupAsync(long epoch)
    {
        cleanup.Start(epoch);
        return Task.CompletedTask;
    }

    public Task<JobProgress> DecommissionAsync() => driver.DecommissionAsync();

    public Task<JobProgress> RemoveAsync(string nodeId) => driver.RemoveAsync(nodeId);

    public Task<RingRecord> GetRecordAsync() => Task.FromResult(ring.Topology.Record);

    public Task<JobProgress?> GetStreamingAsync() => Task.FromResult(streamer.Status);

    public Task<JobProgress?> GetChangeAsync() => Task.FromResult(driver.Status);
}
