using OrleansKv.Contracts;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// <see cref="IKeyValueStore"/> on the <c>default</c> column family of the node's
/// <see cref="NodeDatabase"/>. Reads go straight to RocksDB on the caller's thread (memtable and
/// block cache; thread-safe). Writes take one of two engines, chosen by
/// <see cref="StorageOptions.FsyncIntervalMs"/>:
/// <list type="bullet">
/// <item>Inline (<c>RocksDbKeyValueStore.InlineWrites.cs</c>; fsync left to the OS or to an
/// interval): on the caller's thread, under lock stripes chosen by token.</item>
/// <item>Group commit (<c>RocksDbKeyValueStore.GroupCommit.cs</c>; fsync of each write group): one
/// commit loop writes and fsyncs whatever has queued as one batch.</item>
/// </list>
/// Both resolve every change with <see cref="ChangeStaging"/> (the compare-and-write rule of
/// <see cref="StoreChange"/>) and count with <see cref="EntryCounts"/>. Range scans are in
/// <c>.Scans.cs</c>, streamed chunks in <c>.Chunks.cs</c>, the count of what the store held at open in
/// <c>.Counts.cs</c>.
/// </summary>
public sealed partial class RocksDbKeyValueStore : IKeyValueStore
{
    private readonly NodeDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly RocksDb _db;
    private readonly WriteOptions _writeOptions;
    private readonly bool _groupCommit;
    private volatile bool _disposed;

    public RocksDbKeyValueStore(NodeDatabase database, StorageOptions options)
        : this(database, options, ownsDatabase: false)
    {
    }

    private RocksDbKeyValueStore(NodeDatabase database, StorageOptions options, bool ownsDatabase, Task? countingMayStart = null)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _db = database.Db;
        _groupCommit = options.FsyncsEachWriteGroup;
        _writeOptions = new WriteOptions().SetSync(_groupCommit);
        _counting = StartCounting(countingMayStart ?? Task.CompletedTask);
        _commitLoop = _groupCommit ? Task.Run(CommitLoopAsync) : Task.CompletedTask;
    }

    public string Location => _database.Location;

    public bool IsEmpty
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var lease = _database.Use();
            using var iterator = _db.NewIterator();
            iterator.SeekToFirst();
            return !iterator.Valid();
        }
    }

    /// <summary>Opens a store that owns its own database (tools and tests; a node shares one <see cref="NodeDatabase"/>).</summary>
    public static RocksDbKeyValueStore Open(StorageOptions options) =>
        new(NodeDatabase.Open(options), options, ownsDatabase: true);

    /// <summary>Tests: <see cref="Open(StorageOptions)"/>, with the count of what the store holds held back until <paramref name="countingMayStart"/> completes.</summary>
    internal static RocksDbKeyValueStore Open(StorageOptions options, Task countingMayStart) =>
        new(NodeDatabase.Open(options), options, ownsDatabase: true, countingMayStart);

    public VersionedValue? Get(string key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var lease = _database.Use();
        var bytes = _db.Get(StoredValueCodec.EncodeKey(key));
        return bytes is null ? null : StoredValueCodec.DecodeValue(bytes);
    }

    public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) =>
        ChangeAsync(key, StoreChange.Apply(value), static (held, _) => held!.Version);

    public ValueTask<bool> RemoveIfAsync(string key, ValueVersion version) =>
        ChangeAsync(key, StoreChange.RemoveIf(version), static (_, changed) => changed);

    public ValueTask<ValueVersion[]> ApplyManyAsync(IReadOnlyList<ReplicaWrite> writes)
    {
        if (_groupCommit)
        {
            return ApplyManyQueuedAsync(writes);
        }

        try
        {
            return ValueTask.FromResult(ApplyManyInline(writes));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<ValueVersion[]>(ex);
        }
    }

    /// <summary>One change through the engine in use; <paramref name="result"/> makes the answer from what the key holds afterwards and whether it changed.</summary>
    private ValueTask<T> ChangeAsync<T>(string key, StoreChange change, Func<VersionedValue?, bool, T> result)
    {
        if (_groupCommit)
        {
            return ChangeQueuedAsync(key, change, result);
        }

        try
        {
            var held = ChangeInline(key, change, out var changed);
            return new ValueTask<T>(result(held, changed));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<T>(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _writes.Writer.TryComplete();
        await _commitLoop.ConfigureAwait(false);
        await _counting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        WaitForInlineWriters();

        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}
