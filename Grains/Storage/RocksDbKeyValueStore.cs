using System.Threading.Channels;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// <see cref="IKeyValueStore"/> on RocksDB. Reads go straight to RocksDB on the caller's thread
/// (memtable and block cache; thread-safe).
/// Writes without SyncWrites also run on the caller's thread: read, compare versions, put,
/// under one of 1024 lock stripes chosen by key, so a compare-and-write is atomic per key while
/// different keys proceed in parallel (RocksDB groups concurrent WAL appends itself). Nothing
/// inside the lock waits on anything but RocksDB's in-memory write path, and the hand-off to
/// another thread it saves was the largest single cost in a CPU profile (context switches).
/// Writes with SyncWrites are queued to one commit loop that takes whatever has queued up,
/// resolves last-writer-wins against the stored versions and commits the group as one write
/// batch: one WAL append and one fsync for the whole group (group commit).
/// </summary>
public sealed class RocksDbKeyValueStore : IKeyValueStore
{
    private readonly RocksDb _db;
    private readonly WriteOptions _writeOptions;
    private readonly int _maxBatch;
    private readonly Channel<PendingWrite> _writes;
    private readonly Task _commitLoop;
    private readonly bool _groupCommit;
    private readonly object[] _stripes = Enumerable.Range(0, 1024).Select(_ => new object()).ToArray();
    private volatile bool _disposed;
    private long _liveKeys;
    private long _tombstones;

    private RocksDbKeyValueStore(RocksDb db, string location, StorageOptions options)
    {
        _db = db;
        Location = location;
        _writeOptions = new WriteOptions().SetSync(options.SyncWrites);
        _groupCommit = options.SyncWrites;
        _maxBatch = Math.Max(1, options.MaxWriteBatch);
        _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        CountEntries();
        _commitLoop = Task.Run(CommitLoopAsync);
    }

    public string Location { get; }

    public long LiveKeyCount => Interlocked.Read(ref _liveKeys);

    public long TombstoneCount => Interlocked.Read(ref _tombstones);

    /// <summary>Opens (creating if needed) the store under <c>DataDirectory/kv</c>.</summary>
    public static RocksDbKeyValueStore Open(StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ArgumentException("StorageOptions.DataDirectory is required.", nameof(options));
        }

        var location = Path.Combine(Path.GetFullPath(options.DataDirectory), "kv");
        Directory.CreateDirectory(location);
        var table = new BlockBasedTableOptions()
            .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
            .SetWholeKeyFiltering(true);
        var dbOptions = new DbOptions()
            .SetCreateIfMissing(true)
            .SetBlockBasedTableFactory(table)
            .IncreaseParallelism(Math.Max(2, Environment.ProcessorCount));
        return new RocksDbKeyValueStore(RocksDb.Open(dbOptions, location), location, options);
    }

    public VersionedValue? Get(string key)
    {
        var bytes = _db.Get(StoredValueCodec.EncodeKey(key));
        return bytes is null ? null : StoredValueCodec.DecodeValue(bytes);
    }

    public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value)
    {
        if (!_groupCommit)
        {
            try
            {
                return new ValueTask<ValueVersion>(ApplyInline(key, value));
            }
            catch (Exception ex)
            {
                return ValueTask.FromException<ValueVersion>(ex);
            }
        }

        var write = new PendingWrite(key, value);
        return _writes.Writer.TryWrite(write)
            ? new ValueTask<ValueVersion>(write.Completion.Task)
            : ValueTask.FromException<ValueVersion>(new ObjectDisposedException(nameof(RocksDbKeyValueStore)));
    }

    private ValueVersion ApplyInline(string key, VersionedValue value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var keyBytes = StoredValueCodec.EncodeKey(key);
        var encoded = StoredValueCodec.EncodeValue(value);
        lock (_stripes[(key.GetHashCode() & int.MaxValue) % _stripes.Length])
        {
            var stored = _db.Get(keyBytes);
            var current = stored is null ? null : StoredValueCodec.DecodeValue(stored);
            if (!value.Version.IsNewerThan(current?.Version))
            {
                return current!.Version;
            }

            _db.Put(keyBytes, encoded, writeOptions: _writeOptions);
            var liveDelta = (value.IsTombstone ? 0 : 1) - (current is { IsTombstone: false } ? 1 : 0);
            var tombstoneDelta = (value.IsTombstone ? 1 : 0) - (current is { IsTombstone: true } ? 1 : 0);
            if (liveDelta != 0)
            {
                Interlocked.Add(ref _liveKeys, liveDelta);
            }

            if (tombstoneDelta != 0)
            {
                Interlocked.Add(ref _tombstones, tombstoneDelta);
            }

            return value.Version;
        }
    }

    public IEnumerable<StoredEntry> Scan(TokenRange range)
    {
        if (range.StartExclusive < range.EndInclusive)
        {
            return ScanArc(range.StartExclusive, range.EndInclusive);
        }

        // Wrapping arc: the part after the start, then the part from zero up to the end.
        return ScanArc(range.StartExclusive, ulong.MaxValue).Concat(ScanFromZero(range.EndInclusive));
    }

    private IEnumerable<StoredEntry> ScanFromZero(ulong endInclusive)
    {
        foreach (var entry in ScanFrom(0))
        {
            if (entry.Token > endInclusive)
            {
                yield break;
            }

            yield return entry;
        }
    }

    private IEnumerable<StoredEntry> ScanArc(ulong startExclusive, ulong endInclusive)
    {
        if (startExclusive == ulong.MaxValue)
        {
            yield break;
        }

        foreach (var entry in ScanFrom(startExclusive + 1))
        {
            if (entry.Token > endInclusive)
            {
                yield break;
            }

            yield return entry;
        }
    }

    private IEnumerable<StoredEntry> ScanFrom(ulong firstToken)
    {
        using var snapshot = _db.CreateSnapshot();
        using var iterator = _db.NewIterator(readOptions: new ReadOptions().SetSnapshot(snapshot));
        for (iterator.Seek(StoredValueCodec.EncodeTokenPrefix(firstToken)); iterator.Valid(); iterator.Next())
        {
            var (token, key) = StoredValueCodec.DecodeKey(iterator.Key());
            yield return new StoredEntry(token, key, StoredValueCodec.DecodeValue(iterator.Value()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _writes.Writer.TryComplete();
        await _commitLoop.ConfigureAwait(false);

        // Inline writers finish inside their stripe lock; taking every lock once waits them out.
        foreach (var stripe in _stripes)
        {
            lock (stripe)
            {
            }
        }

        _db.Dispose();
    }

    private void CountEntries()
    {
        using var iterator = _db.NewIterator();
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            if (StoredValueCodec.IsTombstone(iterator.Value()))
            {
                _tombstones++;
            }
            else
            {
                _liveKeys++;
            }
        }
    }

    private async Task CommitLoopAsync()
    {
        var reader = _writes.Reader;
        var group = new List<PendingWrite>(_maxBatch);
        var staged = new Dictionary<string, VersionedValue?>(StringComparer.Ordinal);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            staged.Clear();
            long liveDelta = 0, tombstoneDelta = 0;
            using var batch = new WriteBatch();
            while (group.Count < _maxBatch && reader.TryRead(out var write))
            {
                group.Add(write);
                try
                {
                    var keyBytes = StoredValueCodec.EncodeKey(write.Key);
                    if (!staged.TryGetValue(write.Key, out var current))
                    {
                        var stored = _db.Get(keyBytes);
                        current = stored is null ? null : StoredValueCodec.DecodeValue(stored);
                    }

                    if (write.Value.Version.IsNewerThan(current?.Version))
                    {
                        batch.Put(keyBytes, StoredValueCodec.EncodeValue(write.Value));
                        liveDelta += (write.Value.IsTombstone ? 0 : 1) - (current is { IsTombstone: false } ? 1 : 0);
                        tombstoneDelta += (write.Value.IsTombstone ? 1 : 0) - (current is { IsTombstone: true } ? 1 : 0);
                        current = write.Value;
                    }

                    staged[write.Key] = current;
                    write.Outcome = current!.Version;
                }
                catch (Exception ex)
                {
                    write.Failure = ex;
                }
            }

            Exception? commitFailure = null;
            try
            {
                if (batch.Count() > 0)
                {
                    _db.Write(batch, _writeOptions);
                }

                Interlocked.Add(ref _liveKeys, liveDelta);
                Interlocked.Add(ref _tombstones, tombstoneDelta);
            }
            catch (Exception ex)
            {
                commitFailure = ex;
            }

            foreach (var write in group)
            {
                if ((commitFailure ?? write.Failure) is { } failure)
                {
                    write.Completion.TrySetException(failure);
                }
                else
                {
                    write.Completion.TrySetResult(write.Outcome!);
                }
            }
        }
    }

    private sealed class PendingWrite(string key, VersionedValue value)
    {
        public string Key { get; } = key;
        public VersionedValue Value { get; } = value;
        public TaskCompletionSource<ValueVersion> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ValueVersion? Outcome { get; set; }
        public Exception? Failure { get; set; }
    }
}
