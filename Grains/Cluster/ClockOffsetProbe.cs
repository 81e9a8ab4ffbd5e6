using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Time;
using OrleansKv.Time;

namespace OrleansKv.Grains.Cluster;

/// <summary>
/// Reads every active peer's clock once per <see cref="ClockOptions.OffsetProbeInterval"/>, all
/// peers at once, and hands the readings to the <see cref="ClockFence"/>, which judges this
/// node's clock after each round. A reading is one grain call each way; a peer that does not
/// answer within the interval is left out of the round, and out of the vote once its last
/// reading leaves the window.
/// </summary>
public sealed partial class ClockOffsetProbe(
    IGrainFactory grains, ClusterView cluster, ClockFence fence, HybridLogicalClock clock, TimeProvider time,
    IOptions<ClockOptions> options, ILogger<ClockOffsetProbe> logger) : BackgroundService
{
    private readonly TimeSpan _interval = options.Value.OffsetProbeInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, time);
        try
        {
            do
            {
                try
                {
                    await ProbeAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogProbeFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One round: a reading from every active peer, then a verdict.</summary>
    public async Task<ClockStatus> ProbeAsync(CancellationToken cancellation)
    {
        var state = cluster.Current;
        var peers = state.UpNodes.Where(n => n != fence.NodeId).ToArray();
        await Task.WhenAll(peers.Select(peer => ReadAsync(peer, state.AddressOf(peer)?.ToString() ?? peer, cancellation)));
        return fence.Evaluate(peers);
    }

    private async Task ReadAsync(string peer, string generation, CancellationToken cancellation)
    {
        try
        {
            var sentAt = clock.UtcNow;
            var started = time.GetTimestamp();
            var peerTicks = await grains.GetGrain<IClockGrain>(peer).ReadAsync().AsTask().WaitAsync(_interval, cancellation);
            var roundTrip = time.GetElapsedTime(started);
            fence.Record(peer, generation, ClockSample.Of(sentAt, roundTrip, new DateTimeOffset(peerTicks, TimeSpan.Zero), started));
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            // Down, cut off or paused: no reading this round. Its estimate ages out of the window.
            LogNoReading(logger, peer, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "A round of clock readings failed; the next interval tries again")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "No clock reading from {Peer} this round ({Error})")]
    private static partial void LogNoReading(ILogger logger, string peer, string error);
}
