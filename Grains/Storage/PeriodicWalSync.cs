using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Fsyncs a <see cref="NodeDatabase"/>'s write-ahead log every interval, when anything was
/// written since the last fsync (<see cref="StorageOptions.FsyncIntervalMs"/> &gt; 0). RocksDB syncs
/// the log while writers go on appending to it, so writes never wait for this loop. A failed
/// fsync is logged with its exception and tried again the next round.
/// </summary>
internal sealed partial class PeriodicWalSync : IDisposable
{
    private readonly NodeDatabase _database;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private ulong _syncedThrough;
    private long _syncs;

    public PeriodicWalSync(NodeDatabase database, TimeSpan interval, ILogger logger)
    {
        _database = database;
        _logger = logger;
        _syncedThrough = database.Db.GetLatestSequenceNumber();
        _loop = Task.Run(() => RunAsync(interval));
    }

    /// <summary>Fsyncs done so far (tests).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Fsyncs the log if anything was written since the last fsync; the caller holds a lease on the database.</summary>
    public bool SyncIfWritten()
    {
        // Read before the fsync: what is written meanwhile is left for the next round.
        var latest = _database.Db.GetLatestSequenceNumber();
        if (latest == Volatile.Read(ref _syncedThrough))
        {
            return false;
        }

        Native.Instance.rocksdb_flush_wal(_database.Db.Handle, 1);
        Volatile.Write(ref _syncedThrough, latest);
        Interlocked.Increment(ref _syncs);
        return true;
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                using var lease = _database.Use();
                try
                {
                    SyncIfWritten();
                }
                catch (Exception ex)
                {
                    LogSyncFailed(_logger, ex, _database.Location);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The database closed between two rounds: its last fsync is the one at close.
        }
    }

    /// <summary>Stops the loop and waits for a round in progress; the database is still open.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _loop.Wait();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Fsync of the write-ahead log at {Location} failed; acknowledged writes since the last fsync are not on disk yet")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string location);
}
