namespace OrleansKv.Grains.Storage;

/// <summary>
/// RocksDB write-path switches kept for A/B runs on other machines (section
/// <c>OrleansKv:Experimental</c>): neither beat RocksDB's default on the 2-core benchmark box
/// (docs: benchmarks). Each default is RocksDB's own, so a node that sets nothing runs as RocksDB
/// ships.
/// </summary>
public sealed class ExperimentalStorageOptions
{
    /// <summary>
    /// RocksDB's pipelined write: a group of concurrent writers appends to the write-ahead log
    /// while the previous group is still inserting into the memtable. Default false.
    /// </summary>
    public bool PipelinedWrite { get; set; }

    /// <summary>
    /// RocksDB's adaptive yield of concurrent writers: a writer waiting for its write group's
    /// leader spins and yields for up to 100 µs before it blocks. On few cores that spinning takes
    /// CPU from the threads that would finish the work; turning it off did not help here. Default true.
    /// </summary>
    public bool WriteThreadAdaptiveYield { get; set; } = true;
}
