using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The node's one RocksDB database under <c>DataDirectory/kv</c>, with a column family per kind
/// of record, so that hints and node metadata share the write-ahead log and the process-wide
/// lock of the data but never mix with it in scans:
/// <list type="bullet">
/// <item><c>default</c>: replica data, keyed by token + key (<see cref="StoredValueCodec"/>).</item>
/// <item><c>hints</c>: writes held for replicas that missed them (<see cref="Hints.HintCodec"/>).</item>
/// <item><c>meta</c>: small node records, such as when the node was last alive.</item>
/// <item><c>paxos</c>: per-key Paxos acceptor state of conditional writes (<see cref="PaxosStore"/>).</item>
/// </list>
/// Column family names are on-disk format: never rename one. All of them share one write-ahead log,
/// so <see cref="StorageOptions.FsyncIntervalMs"/> governs when any of them reaches the disk; with
/// an interval, the log is fsynced every interval and once more at <see cref="Dispose"/>.
/// Every native call is made under a <see cref="Use"/> lease: <see cref="Dispose"/> closes the
/// gate, waits for the leases out, and only then frees the database, so a request that arrives
/// during shutdown gets an <see cref="ObjectDisposedException"/>, never a freed native handle.
/// </summary>
public sealed class NodeDatabase : IStoreCheckpoints, IDisposable
{
    private int _users;
    private int _closed;
    private PeriodicWalSync? _walSync;

    private const string HintsFamily = "hints";
    private const string MetaFamily = "meta";
    private const string PaxosFamily = "paxos";

    private NodeDatabase(RocksDb db, string location)
    {
        Db = db;
        Location = location;
        Hints = db.GetColumnFamily(HintsFamily);
        Meta = db.GetColumnFamily(MetaFamily);
        Paxos = db.GetColumnFamily(PaxosFamily);
    }

    public RocksDb Db { get; }

    public string Location { get; }

    public ColumnFamilyHandle Hints { get; }

    public ColumnFamilyHandle Meta { get; }

    public ColumnFamilyHandle Paxos { get; }

    /// <summary>Opens (creating if needed) the database with default tuning.</summary>
    public static NodeDatabase Open(string dataDirectory) => Open(new StorageOptions { DataDirectory = dataDirectory });

    /// <summary>Fsyncs of the write-ahead log done by the interval of <see cref="StorageOptions.FsyncIntervalMs"/> (tests).</summary>
    internal long PeriodicSyncs => _walSync?.Syncs ?? 0;

    /// <summary>Opens (creating if needed) the database; an existing data directory gains the new column families.</summary>
    public static NodeDatabase Open(StorageOptions storage, ExperimentalStorageOptions? experimental = null, ILogger? logger = null)
    {
        experimental ??= new ExperimentalStorageOptions();
        var dataDirectory = storage.DataDirectory;
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new ArgumentException("StorageOptions.DataDirectory is required.", nameof(dataDirectory));
        }

        var location = Path.Combine(Path.GetFullPath(dataDirectory), "kv");
        Directory.CreateDirectory(location);
        var data = new ColumnFamilyOptions()
            .SetWriteBufferSize((ulong)Math.Max(1, storage.WriteBufferMegabytes) << 20)
            .SetBlockBasedTableFactory(new BlockBasedTableOptions()
                .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
                .SetWholeKeyFiltering(true));
        var families = new ColumnFamilies(data)
        {
            { HintsFamily, new ColumnFamilyOptions() },
            { MetaFamily, new ColumnFamilyOptions() },
            { PaxosFamily, new ColumnFamilyOptions() },
        };
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .IncreaseParallelism(Math.Max(2, Environment.ProcessorCount));
        Native.Instance.rocksdb_options_set_enable_pipelined_write(options.Handle, experimental.PipelinedWrite ? (byte)1 : (byte)0);
        options.SetEnableWriteThreadAdaptiveYield(experimental.WriteThreadAdaptiveYield);
        NodeDatabase database;
        try
        {
            database = new NodeDatabase(RocksDb.Open(options, location, families), location);
        }
        catch (RocksDbException ex)
        {
            throw new StorageOpenException(location, ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase), ex);
        }

        if (storage.FsyncInterval is { } interval)
        {
            database._walSync = new PeriodicWalSync(database, interval, logger ?? NullLogger.Instance);
        }

        return database;
    }

    /// <summary>A lease on the open database for the duration of one call (or one scan); throws once it is closing.</summary>
    public Lease Use()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _users);
            throw new ObjectDisposedException(nameof(NodeDatabase), $"The node's database at {Location} is closed.");
        }

        return new Lease(this);
    }

    public void SaveCheckpoint(string directory)
    {
        using var lease = Use();
        try
        {
            // RocksDB makes the directory itself, but not its parents.
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(directory))!);
            using var checkpoint = Db.Checkpoint();
            checkpoint.Save(directory);
        }
        catch (RocksDbException ex)
        {
            throw new IOException($"The checkpoint of {Location} into {directory} failed: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        // Exchange is a full fence: a caller either sees the gate closed, or is counted here.
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _walSync?.Dispose();
        var wait = new SpinWait();
        while (Volatile.Read(ref _users) != 0)
        {
            wait.SpinOnce(sleep1Threshold: 10);
        }

        try
        {
            _walSync?.SyncIfWritten();
        }
        finally
        {
            Db.Dispose();
        }
    }

    /// <summary>One caller's use of the database; disposing it ends the use.</summary>
    public readonly struct Lease(NodeDatabase database) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref database._users);
    }
}
