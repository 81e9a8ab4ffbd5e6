using OrleansKv.Jobs;

namespace OrleansKv.Contracts;

/// <summary>
/// A node's anti-entropy repair, one activation per node, pinned to that node: compares the
/// node's token ranges with every other replica of them and exchanges the keys that differ.
/// </summary>
[Alias("kv.IRepairGrain")]
public interface IRepairGrain : IGrainWithStringKey
{
    /// <summary>Starts a repair of this node's ranges, unless one is running; returns the running one at once.</summary>
    [Alias("Start")]
    ValueTask<JobProgress> StartAsync();

    /// <summary>The running or last repair on this node; null if none ran since it started.</summary>
    [Alias("GetStatus")]
    ValueTask<JobProgress?> GetStatusAsync();
}
