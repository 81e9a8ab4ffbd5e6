using System.Buffers;
using System.Threading.Channels;
using OrleansKv.Contracts;
using OrleansKv.Ring;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// <see cref="IKeyValueStore"/> on the <c>default</c> column family of the node's
/// <see cref="NodeDatabase"/>. Reads go straight to RocksDB on the caller's thread (memtable and
/// block cache; thread-safe).
/// Writes without SyncWrites also run on the caller's thread: read, resolve, put, under one of
/// 1024 lock stripes chosen by key, so a compare-and-write is atomic per key while different
/// keys proceed in parallel (RocksDB groups concurrent WAL appends itself). Nothing inside the
/// lock waits on anything but RocksDB's in-memory write path, and the hand-off to another
/// thread it saves was the largest single cost in a CPU profile (context switches).
/// Writes with SyncWrites are queued to one commit loop that takes whatever has queued up,
/// resolves each change against the stored versions and commits the group as one write batch:
/// one WAL append and one fsync for the whole group (group commit).
/// Both engines resolve changes with <see cref="StoreChange"/> and count with <see cref="EntryCounts"/>.
/// </summary>
public sealed class RocksDbKeyValueStore : IKeyValueStore
{
    private readonly NodeDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly RocksDb _db;
    private readonly WriteOptions _writeOptions;
    private readonly int _maxBatch;
    private readonly Channel<PendingChange> _writes;
    private readonly Task _commitLoop;
    private readonly bool _groupCommit;
    private readonly object[] _stripes = Enumerable.Range(0, 1024).Select(_ => new object()).ToArray();
    private readonly EntryCounts _counts = new();
    private readonly VersionCache _versions;
    private readonly Task _counting;
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
        _writeOptions = new WriteOptions().SetSync(options.SyncWrites);
        _groupCommit = options.SyncWrites;
        _maxBatch = Math.Max(1, options.MaxWriteBatch);
        _versions = new VersionCache(_stripes.Length, options.SyncWrites ? 0 : Math.Max(0, options.VersionCacheEntries));
        _writes = Channel.CreateUnbounded<PendingChange>(new UnboundedChannelOptions { SingleReader = true });
        // The iterator pins what the store holds now; writes from here on move the counts themselves.
        var lease = _database.Use();
        var existing = _db.NewIterator(readOptions: new ReadOptions().SetFillCache(false));
        _counting = Task.Run(async () =>
        {
            await (countingMayStart ?? Task.CompletedTask).ConfigureAwait(false);
            CountExisting(existing, lease);
        });
        _commitLoop = Task.Run(CommitLoopAsync);
    }

    public string Location => _database.Location;

    public long LiveKeyCount => _counts.Live;

    public long TombstoneCount => _counts.Tombstones;

    public bool CountsExact => _counting.IsCompletedSuccessfully;

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

    /// <summary>Completes when the entries found at open are counted (tests and tools).</summary>
    public Task CountedAsync => _counting;

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

    public async ValueTask<ValueVersion[]> ApplyManyAsync(IReadOnlyList<ReplicaWrite> writes)
    {
        if (_groupCommit)
        {
            // The commit loop batches whatever has queued: enqueue all before awaiting any.
            var pending = new ValueTask<ValueVersion>[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                pending[i] = ApplyAsync(writes[i].Key, writes[i].Value);
            }

            var held = new ValueVersion[writes.Count];
            for (var i = 0; i < pending.Length; i++)
            {
                held[i] = await pending[i].ConfigureAwait(false);
            }

            return held;
        }

        return ApplyManyInline(writes);
    }

    /// <summary>
    /// One write batch for many keys: their lock stripes taken in ascending order (so two batches
    /// never deadlock), every change resolved against the stored or already staged version, one
    /// write to RocksDB.
    /// </summary>
    private ValueVersion[] ApplyManyInline(IReadOnlyList<ReplicaWrite> writes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var keys = new byte[writes.Count][];
        for (var i = 0; i < writes.Count; i++)
        {
            keys[i] = StoredValueCodec.EncodeKey(writes[i].Key);
        }

        using var locks = LockStripes(keys.Select(k => StoredValueCodec.TokenOf(k)));
        using var lease = _database.Use();
        using var batch = new WriteBatch();
        var staging = new ChangeStaging(_db, batch);
        var held = new ValueVersion[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            _versions.Forget(StripeOf(StoredValueCodec.TokenOf(keys[i])), writes[i].Key);
            held[i] = staging.Stage(writes[i].Key, keys[i], StoreChange.Apply(writes[i].Value), out _)!.Version;
        }

        if (batch.Count() > 0)
        {
            _db.Write(batch, _writeOptions);
        }

        staging.Count(_counts);
        return held;
    }

    public void ForEachStored(TokenRange range, StoredEntryVisitor visitor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var lease = _database.Use();
        using var snapshot = _db.CreateSnapshot();
        var readOptions = new ReadOptions().SetSnapshot(snapshot);
        foreach (var (first, last) in TokenIntervals(range))
        {
            using var iterator = _db.NewIterator(readOptions: readOptions);
            for (iterator.Seek(StoredValueCodec.EncodeTokenPrefix(first)); iterator.Valid(); iterator.Next())
            {
                var key = iterator.GetKeySpan();
                if (StoredValueCodec.TokenOf(key) > last)
                {
                    break;
                }

                if (!visitor(key, iterator.GetValueSpan()))
                {
                    return;
                }
            }
        }
    }

    public RangeChunk ReadChunk(TokenRange range, int maxEntries, int maxBytes)
    {
        var packed = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 1 << 20) + 4096);
        var count = 0;
        var lastToken = range.StartExclusive;
        var full = false;
        ForEachStored(range, (key, value) =>
        {
            var token = StoredValueCodec.TokenOf(key);
            if ((count >= maxEntries || packed.WrittenCount >= maxBytes) && token != lastToken)
            {
                full = true;
                return false;
            }

            RangeChunks.Append(packed, key, value);
            count++;
            lastToken = token;
            return true;
        });
        return new RangeChunk(packed.WrittenSpan.ToArray(), count, lastToken, Done: !full);
    }

    public async ValueTask ApplyChunkAsync(RangeChunk chunk)
    {
        var entries = RangeChunks.Entries(chunk.Packed);
        if (_groupCommit)
        {
            // Durable group commits: through the commit loop, decoded.
            await ApplyManyAsync(entries
                .Select(e => new ReplicaWrite(StoredValueCodec.DecodeKey(chunk.Packed.AsSpan(e.Key)).Key, StoredValueCodec.DecodeValue(chunk.Packed.AsSpan(e.Value))))
                .ToArray()).ConfigureAwait(false);
            return;
        }

        ApplyChunkInline(chunk.Packed, entries);
    }

    /// <summary>Entries as stored elsewhere, compared by version header only and written as they are: no decoding of keys or payloads.</summary>
    private void ApplyChunkInline(byte[] packed, List<(Range Key, Range Value)> entries)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var locks = LockStripes(entries.Select(e => StoredValueCodec.TokenOf(packed.AsSpan(e.Key))));
        using var lease = _database.Use();
        using var batch = new WriteBatch();
        var changes = new List<(bool? Before, bool After)>(entries.Count);
        foreach (var (keyRange, valueRange) in entries)
        {
            var key = packed.AsSpan(keyRange);

            // Keys arrive encoded: forgetting their whole stripes is cheaper than decoding them.
            _versions.ForgetStripe(StripeOf(StoredValueCodec.TokenOf(key)));
            var incoming = StoredValueCodec.DecodeHeader(packed.AsSpan(valueRange));
            var stored = _db.Get(key);
            (ValueVersion Version, bool Tombstone)? current = stored is null ? null : StoredValueCodec.DecodeHeader(stored);
            if (StoreChange.Replaces(incoming.Version, current?.Version))
            {
                batch.Put(key, packed.AsSpan(valueRange));
                changes.Add((current?.Tombstone, incoming.Tombstone));
            }
        }

        if (batch.Count() > 0)
        {
            _db.Write(batch, _writeOptions);
        }

        foreach (var (before, after) in changes)
        {
            _counts.Record(before, after);
        }
    }

    /// <summary>
    /// Takes the lock stripes of these tokens in ascending order (so two batches never deadlock)
    /// and checks the store is still open; disposing the result releases them.
    /// </summary>
    private StripeLocks LockStripes(IEnumerable<ulong> tokens)
    {
        var locks = new StripeLocks(tokens.Select(StripeOf).Distinct().Order().Select(i => _stripes[i]).ToArray());
        if (_disposed)
        {
            locks.Dispose();
            throw new ObjectDisposedException(nameof(RocksDbKeyValueStore));
        }

        return locks;
    }

    private int StripeOf(ulong token) => (int)(token % (ulong)_stripes.Length);

    private readonly struct StripeLocks : IDisposable
    {
        private readonly object[] _held;

        public StripeLocks(object[] stripes)
        {
            _held = new object[stripes.Length];
            var taken = 0;
            try
            {
                foreach (var stripe in stripes)
                {
                    Monitor.Enter(stripe);
                    _held[taken++] = stripe;
                }
            }
            catch
            {
                for (var i = taken - 1; i >= 0; i--)
                {
                    Monitor.Exit(_held[i]);
                }

                throw;
            }
        }

        public void Dispose()
        {
            for (var i = _held.Length - 1; i >= 0; i--)
            {
                Monitor.Exit(_held[i]);
            }
        }
    }

    private ValueTask<T> ChangeAsync<T>(string key, StoreChange change, Func<VersionedValue?, bool, T> result)
    {
        if (!_groupCommit)
        {
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

        var pending = new PendingChange(key, change);
        return _writes.Writer.TryWrite(pending)
            ? AwaitAsync(pending, result)
            : ValueTask.FromException<T>(new ObjectDisposedException(nameof(RocksDbKeyValueStore)));

        static async ValueTask<T> AwaitAsync(PendingChange pending, Func<VersionedValue?, bool, T> result)
        {
            var held = await pending.Completion.Task.ConfigureAwait(false);
            return result(held, pending.Changed);
        }
    }

    private VersionedValue? ChangeInline(string key, StoreChange change, out bool changed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var keyBytes = StoredValueCodec.EncodeKey(key);
        var stripe = StripeOf(StoredValueCodec.TokenOf(keyBytes));
        lock (_stripes[stripe])
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var lease = _database.Use();
            if (!_versions.TryGet(stripe, key, out var current))
            {
                var stored = _db.Get(keyBytes);
                current = stored is null ? null : StoredValueCodec.DecodeValue(stored);
            }

            var next = change.Resolve(current, out changed);
            if (!changed)
            {
                _versions.Set(stripe, key, current);
                return current;
            }

            if (next is null)
            {
                _db.Remove(keyBytes, writeOptions: _writeOptions);
            }
            else
            {
                _db.Put(keyBytes, StoredValueCodec.EncodeValue(next), writeOptions: _writeOptions);
            }

            _versions.Set(stripe, key, next);
            _counts.Record(current, next);
            return next;
        }
    }

    public IEnumerable<StoredEntry> Scan(TokenRange range) =>
        TokenIntervals(range).SelectMany(interval => ScanFrom(interval.First).TakeWhile(entry => entry.Token <= interval.Last));

    /// <summary>
    /// The tokens of an arc as inclusive intervals in scan order: one, or for an arc that wraps
    /// past the top, the part after its start and then the part from zero up to its end.
    /// </summary>
    private static IEnumerable<(ulong First, ulong Last)> TokenIntervals(TokenRange range)
    {
        if (range.StartExclusive != ulong.MaxValue)
        {
            yield return (range.StartExclusive + 1, range.StartExclusive < range.EndInclusive ? range.EndInclusive : ulong.MaxValue);
        }

        if (range.StartExclusive >= range.EndInclusive)
        {
            yield return (0, range.EndInclusive);
        }
    }

    private IEnumerable<StoredEntry> ScanFrom(ulong firstToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var lease = _database.Use();
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
        await _counting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Inline writers finish inside their stripe lock; taking every lock once waits them out.
        foreach (var stripe in _stripes)
        {
            lock (stripe)
            {
            }
        }

        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    /// <summary>
    /// Counts the entries that <paramref name="iterator"/> (taken at open, so it sees exactly what
    /// the store held then) walks over, in the background so that a node with millions of keys
    /// serves at once. Every write since open has moved the counts by its own change, so once the
    /// walk ends they are exact; until then they lack what is not counted yet.
    /// </summary>
    private void CountExisting(Iterator iterator, NodeDatabase.Lease lease)
    {
        const int Step = 1 << 16;
        using var held = lease;
        using var owned = iterator;
        long live = 0, tombstones = 0;
        for (iterator.SeekToFirst(); iterator.Valid() && !_disposed; iterator.Next())
        {
            if (StoredValueCodec.IsTombstone(iterator.GetValueSpan()))
            {
                tombstones++;
            }
            else
            {
                live++;
            }

            if (live + tombstones == Step)
            {
                _counts.AddExisting(live, tombstones);
                live = tombstones = 0;
            }
        }

        _counts.AddExisting(live, tombstones);
    }

    private async Task CommitLoopAsync()
    {
        var reader = _writes.Reader;
        var group = new List<PendingChange>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            using var batch = new WriteBatch();
            using var lease = _database.Use();
            var staging = new ChangeStaging(_db, batch);
            while (group.Count < _maxBatch && reader.TryRead(out var pending))
            {
                group.Add(pending);
                try
                {
                    pending.Outcome = staging.Stage(pending.Key, StoredValueCodec.EncodeKey(pending.Key), pending.Change, out var changed);
                    pending.Changed = changed;
                }
                catch (Exception ex)
                {
                    pending.Failure = ex;
                }
            }

            Exception? commitFailure = null;
            try
            {
                if (batch.Count() > 0)
                {
                    _db.Write(batch, _writeOptions);
                }

                staging.Count(_counts);
            }
            catch (Exception ex)
            {
                commitFailure = ex;
            }

            foreach (var pending in group)
            {
                if ((commitFailure ?? pending.Failure) is { } failure)
                {
                    pending.Completion.TrySetException(failure);
                }
                else
                {
                    pending.Completion.TrySetResult(pending.Outcome);
                }
            }
        }
    }

    private sealed class PendingChange(string key, StoreChange change)
    {
        public string Key { get; } = key;
        public StoreChange Change { get; } = change;
        public TaskCompletionSource<VersionedValue?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public VersionedValue? Outcome { get; set; }
        public bool Changed { get; set; }
        public Exception? Failure { get; set; }
    }
}
