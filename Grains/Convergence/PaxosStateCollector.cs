using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Storage;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Drops the Paxos state of keys whose proposals are all committed and whose last promise is
/// older than <see cref="PaxosOptions.StateGrace"/>, every <see cref="PaxosOptions.StatePurgeInterval"/>:
/// without it every key ever written at <c>serial</c> would keep its acceptor state for good. The
/// committed values stay in the data; what is safe to drop is decided by <see cref="PaxosStore.Collect"/>.
/// A sweep running when the node stops is cancelled between two keys.
/// </summary>
public sealed partial class PaxosStateCollector(
    PaxosStore paxos, IOptions<PaxosOptions> options, TimeProvider time, ILogger<PaxosStateCollector> logger)
    : PeriodicSweep(options.Value.StatePurgeInterval, time)
{
    private readonly PaxosOptions _options = options.Value;
    private long _dropped;

    /// <summary>Keys whose Paxos state was dropped since the node started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>One sweep; returns how many keys' state it dropped.</summary>
    public Task<long> CollectAsync(CancellationToken cancellation = default) =>
        // The sweep reads the whole column family: off the caller's thread (an Orleans one, from a grain).
        Task.Run(() =>
        {
            var dropped = paxos.Collect(Time.GetUtcNow() - _options.StateGrace, cancellation);
            Interlocked.Add(ref _dropped, dropped);
            if (dropped > 0)
            {
                LogDropped(logger, dropped, _options.StateGrace);
            }

            return dropped;
        }, cancellation);

    protected override Task SweepAsync(CancellationToken cancellation) => CollectAsync(cancellation);

    protected override void SweepFailed(Exception exception) => LogSweepFailed(logger, exception);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Dropped the committed Paxos state of {Count} keys, older than {Grace}")]
    private static partial void LogDropped(ILogger logger, long count, TimeSpan grace);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "A sweep of committed Paxos state failed; the next one retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
