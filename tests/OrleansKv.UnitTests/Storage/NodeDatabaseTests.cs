using OrleansKv.Grains.Storage;

namespace OrleansKv.UnitTests.Storage;

/// <summary>
/// The storage tunings reach RocksDB: checked in the OPTIONS file RocksDB writes beside its data,
/// which records the options the database was really opened with.
/// </summary>
public sealed class NodeDatabaseTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_write_buffer_size_pipelined_write_and_adaptive_yield_options_are_what_the_database_opens_with()
    {
        using (NodeDatabase.Open(new StorageOptions { DataDirectory = _directory.Path, WriteBufferMegabytes = 8, PipelinedWrite = true, WriteThreadAdaptiveYield = false }))
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

    private string LatestOptionsFile() =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(_directory.Path, "kv"), "OPTIONS-*").OrderBy(f => f, StringComparer.Ordinal).Last());
}
