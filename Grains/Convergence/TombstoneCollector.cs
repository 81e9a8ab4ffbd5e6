using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Purges tombstones older than <see cref="TombstoneOptions.GcGrace"/>, and values whose time to
/// live ran out longer ago than that (an expired value is a delete with a delay): a background sweep of
/// the store in token order every <see cref="TombstoneOptions.PurgeInterval"/>. Each removal is
/// conditional on the key still holding that exact tombstone, so a write that arrives during the
/// sweep is never lost. A node that must be repaired first purges nothing. A sweep running when
/// the node stops is cancelled between two keys.
/// </summary>
public sealed partial class TombstoneCollector(
    IKeyValueStore store, ReplicaReadiness liveness, IOptions<TombstoneOptions> options, TimeProvider time, ILogger<TombstoneCollector> logger)
    : PeriodicSweep(options.Value.PurgeInterval, time)
{
    private readonly TombstoneOptions _options = options.Value;
    private long _purged;

    /// <summary>Tombstones purged since the node started.</summary>
    public long Purged => Interlocked.Read(ref _purged);

    /// <summary>One sweep: removes every tombstone older than the grace period; returns how many.</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellation = default)
    {
        if (liveness.RepairRequired)
        {
            // Its tombstones may be the only record of deletes its peers have not seen: keep them until it is repaired.
            return 0;
        }

        var horizon = Time.GetUtcNow() - _options.GcGrace;
        long purged = 0;
        foreach (var entry in store.Scan(TokenRange.Full))
        {
            cancellation.ThrowIfCancellationRequested();
            if (entry.Value.IsCollectableAt(horizon) && await store.RemoveIfAsync(entry.Key, entry.Value.Version))
            {
                purged++;
            }
        }

        Interlocked.Add(ref _purged, purged);
        if (purged > 0)
        {
            LogPurged(logger, purged, _options.GcGrace);
        }

        return purged;
    }

    protected override Task SweepAsync(CancellationToken cancellation) => PurgeAsync(cancellation);

    protected override void SweepFailed(Exception exception) => LogSweepFailed(logger, exception);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Purged {Count} tombstones older than {GcGrace}")]
    private static partial void LogPurged(ILogger logger, long count, TimeSpan gcGrace);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "A tombstone sweep failed; the next one retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
