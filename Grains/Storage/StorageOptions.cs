namespace OrleansKv.Grains.Storage;

/// <summary>Where and how a node keeps its data.</summary>
public sealed class StorageOptions
{
    /// <summary>The node's data directory (RocksDB files live in "DIR/kv"). Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>
    /// False (default): a write is acknowledged once it is in RocksDB's write-ahead log in the OS
    /// page cache, which survives a process crash (kill -9) but not a power loss.
    /// True: each group of writes is fsynced before any of them is acknowledged (group commit),
    /// which survives power loss.
    /// </summary>
    public bool SyncWrites { get; set; }

    /// <summary>Most writes committed in one group (one WAL append, one fsync). Default 1024.</summary>
    public int MaxWriteBatch { get; set; } = 1024;

    /// <summary>
    /// Keys whose latest version (not value) the store keeps in memory, so that a write to a
    /// recently written key resolves last-writer-wins without reading the key back first. About
    /// 100 bytes each; 0 turns it off. Used when SyncWrites is off. Default 0 (off): a fault-injection
    /// run lost three acknowledged writes with it on, and the cause is not known yet (see the README).
    /// </summary>
    public int VersionCacheEntries { get; set; }

    /// <summary>
    /// Size of the data's in-memory write buffer (RocksDB memtable) before it is flushed to a
    /// file, in MiB. Every read and every write searches it; a smaller one is searched faster but
    /// flushed more often. Default 64.
    /// </summary>
    public int WriteBufferMegabytes { get; set; } = 64;

    /// <summary>
    /// RocksDB's pipelined write: a group of concurrent writers appends to the write-ahead log
    /// while the previous group is still inserting into the memtable. Default false.
    /// </summary>
    public bool PipelinedWrite { get; set; }

    /// <summary>
    /// RocksDB's adaptive yield of concurrent writers: a writer waiting for its write group's
    /// leader spins and yields for up to 100 µs before it blocks. On few cores that spinning takes
    /// CPU from the threads that would finish the work. Default true (RocksDB's default).
    /// </summary>
    public bool WriteThreadAdaptiveYield { get; set; } = true;
}
