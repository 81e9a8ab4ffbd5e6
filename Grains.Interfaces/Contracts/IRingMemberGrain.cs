using OrleansKv.Jobs;
using OrleansKv.Ring;

namespace OrleansKv.Contracts;

/// <summary>
/// A node's part in ring changes, one activation per node, pinned to that node: it follows the
/// ring record, streams the ranges it gains, drops the ranges it lost, and drives the changes
/// that start on it (decommission of itself, removal of a dead node).
/// </summary>
[Alias("kv.IRingMemberGrain")]
public interface IRingMemberGrain : IGrainWithStringKey
{
    /// <summary>Reads the ring record until this node follows epoch <paramref name="epoch"/> or newer; returns the epoch it follows.</summary>
    [Alias("Refresh")]
    Task<long> RefreshAsync(long epoch);

    /// <summary>Starts streaming the ranges this node gains in the change at <paramref name="epoch"/> (idempotent); returns its progress.</summary>
    [Alias("StartStreaming")]
    Task<JobProgress> StartStreamingAsync(long epoch);

    /// <summary>Drops the data of ranges this node no longer replicates once epoch <paramref name="epoch"/> has settled; runs in the background.</summary>
    [Alias("Cleanup")]
    Task CleanupAsync(long epoch);

    /// <summary>This node leaves the ring: streams its ranges to their next owners, then its process exits.</summary>
    /// <exception cref="Errors.RingChangeRejectedException">Another change is in progress, or too few nodes would remain.</exception>
    [Alias("Decommission")]
    Task<JobProgress> DecommissionAsync();

    /// <summary>Removes a dead node from the ring; the remaining replicas re-replicate its ranges. Driven by this node.</summary>
    /// <exception cref="Errors.RingChangeRejectedException">Unknown node, node up, another change in progress, or too few nodes would remain.</exception>
    [Alias("Remove")]
    Task<JobProgress> RemoveAsync(string nodeId);

    /// <summary>The ring record this node follows.</summary>
    [Alias("GetRecord")]
    Task<RingRecord> GetRecordAsync();

    /// <summary>This node's own streaming of the ranges it gains in the current (or last) change; null if it streamed none since it started.</summary>
    [Alias("GetStreaming")]
    Task<JobProgress?> GetStreamingAsync();

    /// <summary>The change this node drives (or drove last), with progress summed over every receiving node; null if none.</summary>
    [Alias("GetChange")]
    Task<JobProgress?> GetChangeAsync();
}
