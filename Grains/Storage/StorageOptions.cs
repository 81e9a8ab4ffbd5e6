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
}
