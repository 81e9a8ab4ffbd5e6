using OrleansKv.Api.Json;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Jobs;

namespace OrleansKv.Api.Admin;

/// <summary>
/// The streaming progress <c>/admin/status</c> shows: the change in progress as its driver sums it
/// over every receiving node; when none runs, the last one this node drove or streamed for.
/// </summary>
internal static class StreamingView
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    public static async Task<StreamingResponse?> CurrentAsync(IGrainFactory grains, ClusterState state, string self)
    {
        var driver = state.Topology.Record.ChangeDriver;
        try
        {
            if (driver is not null && state.IsUp(driver)
                && await grains.GetGrain<IRingMemberGrain>(driver).GetChangeAsync().WaitAsync(QueryTimeout) is { } running)
            {
                return ToResponse(running);
            }

            // The newer of the last change this node drove and the last it streamed for.
            var local = grains.GetGrain<IRingMemberGrain>(self);
            var drove = await local.GetChangeAsync().WaitAsync(QueryTimeout);
            var streamed = await local.GetStreamingAsync().WaitAsync(QueryTimeout);
            var last = drove is null || (streamed is not null && streamed.Epoch > drove.Epoch) ? streamed : drove;
            return last is null ? null : ToResponse(last);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    public static StreamingResponse ToResponse(JobProgress s) => new(
        s.Epoch, s.KindName, s.NodeId, s.PhaseName, s.RangesDone, s.RangesTotal, s.KeysReceived, s.BytesReceived, s.KeysPerSecond, s.BytesPerSecond,
        s.StartedAt, s.FinishedAt, s.Error);
}
