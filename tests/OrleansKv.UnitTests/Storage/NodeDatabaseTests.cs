using Microsoft.Extensions.Logging.Abstractions;
using OrleansKv.Grains.Storage;

namespace OrleansKv.UnitTests.Storage;

/// <summary>
/// The storage tunings reach RocksDB (checked in the OPTIONS file RocksDB writes beside its data,
/// which records the options the database was really opened with), and an fsync interval fsyncs
/// the write-ahead log when something was written.
/// </summary>
public sealed class NodeDatabaseTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_write_buffer_size_pipelined_write_and_adaptive_yield_options_are_what_the_database_opens_with()
    {
        using (NodeDatabase.Open(
            new StorageOptions { DataDirectory = _directory.Path, WriteBufferMegabytes = 8 },
            new ExperimentalStorageOptions { PipelinedWrite = true, WriteThreadAdaptiveYield = false }))
        {
        }

        var options = LatestOptionsFile();
        Assert.Contains("enable_pipelined_write=true", options);
        Assert.Contains("enable_write_thread_adaptive_yield=false", options);
        Assert.Contains($"write_buffer_size={8 << 20}", options);
    }

    [Fact]
    public void By_default_the_write_buffer_is_64_MiB_and_writes_are_not_pipelined()
    {
        using (NodeDatabase.Open(_directory.Path))
        {
        }

        var options = LatestOptionsFile();
        Assert.Contains("enable_pipelined_write=false", options);
        Assert.Contains("enable_write_thread_adaptive_yield=true", options);
        Assert.Contains($"write_buffer_size={64 << 20}", options);
    }

    [Fact]
    public void The_periodic_fsync_runs_only_when_something_was_written_since_the_last_one()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        using var sync = new PeriodicWalSync(database, TimeSpan.FromHours(1), NullLogger.Instance);

        Assert.False(sync.SyncIfWritten());
        new NodeMetadataStore(database).RecordAlive(DateTimeOffset.UnixEpoch);
        Assert.True(sync.SyncIfWritten());
        Assert.False(sync.SyncIfWritten());
        Assert.Equal(1, sync.Syncs);
    }

    [Fact]
    public async Task With_an_fsync_interval_a_write_is_fsynced_by_the_interval_and_without_one_nothing_is()
    {
        using var withInterval = NodeDatabase.Open(new StorageOptions { DataDirectory = _directory.Path, FsyncIntervalMs = 10 });
        using var leftToOs = NodeDatabase.Open(Path.Combine(_directory.Path, "other"));

        new NodeMetadataStore(withInterval).RecordAlive(DateTimeOffset.UnixEpoch);
        new NodeMetadataStore(leftToOs).RecordAlive(DateTimeOffset.UnixEpoch);

        await Poll.UntilAsync(() => Task.FromResult(withInterval.PeriodicSyncs > 0), "a periodic fsync of the write (interval 10 ms)");

        Assert.Equal(0, leftToOs.PeriodicSyncs);
    }

    private string LatestOptionsFile() =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(_directory.Path, "kv"), "OPTIONS-*").OrderBy(f => f, StringComparer.Ordinal).Last());
}
