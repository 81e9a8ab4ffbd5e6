using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansKv.Cluster;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Durable hints: writes this node coordinated that a replica missed, kept in the node's own
/// RocksDB (the <c>hints</c> column family) until they are delivered or expire. They survive a
/// restart of this node. Counts per target are kept in memory, rebuilt when the node opens.
/// Durable as the data is (<see cref="StorageOptions.FsyncIntervalMs"/>): each change is in the
/// write-ahead log when it returns, and fsynced too when every write group is. Thread-safe.
/// </summary>
public sealed class HintStore
{
    private readonly NodeDatabase _database;
    private readonly RocksDb _db;
    private readonly ColumnFamilyHandle _hints;
    private readonly WriteOptions _writeOptions;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private long _sequence;
    private long _delivered;
    private long _dropped;

    public HintStore(NodeDatabase database, IOptions<StorageOptions> storage, TimeProvider time)
    {
        _database = database;
        _db = database.Db;
        _hints = database.Hints;
        _writeOptions = new WriteOptions().SetSync(storage.Value.FsyncsEachWriteGroup);
        _time = time;
        using var iterator = _db.NewIterator(_hints);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            var (target, _) = HintCodec.DecodeKey(iterator.Key());
            _pending.AddOrUpdate(target, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Hints held, all targets.</summary>
    public long Pending => _pending.Values.Sum();

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Targets with hints pending, and how many each.</summary>
    public HintCount[] PendingByNode() =>
        _pending.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new HintCount(p.Key, p.Value)).ToArray();

    /// <summary>Keeps a hint for <paramref name="target"/>; in the write-ahead log when it returns (fsynced when each write group is).</summary>
    public void Add(string target, string key, VersionedValue value)
    {
        var storageKey = HintCodec.EncodeKey(target, _time.GetUtcNow().ToUnixTimeMilliseconds(), Interlocked.Increment(ref _sequence));
        using (_database.Use())
        {
            _db.Put(storageKey, HintCodec.EncodeValue(key, value), _hints, _writeOptions);
        }

        _pending.AddOrUpdate(target, 1, (_, n) => n + 1);
    }

    /// <summary>Up to <paramref name="max"/> of the target's hints, oldest first.</summary>
    public List<Hint> Oldest(string target, int max)
    {
        var prefix = HintCodec.TargetPrefix(target);
        var hints = new List<Hint>(Math.Min(max, 1024));
        using var lease = _database.Use();
        using var iterator = _db.NewIterator(_hints);
        for (iterator.Seek(prefix); iterator.Valid() && hints.Count < max; iterator.Next())
        {
            var storageKey = iterator.Key();
            if (!storageKey.AsSpan().StartsWith(prefix))
            {
                break;
            }

            var (_, createdAt) = HintCodec.DecodeKey(storageKey);
            var (key, value) = HintCodec.DecodeValue(iterator.Value());
            hints.Add(new Hint(target, key, value, createdAt, storageKey));
        }

        return hints;
    }

    /// <summary>Removes hints that reached their target.</summary>
    public void MarkDelivered(IReadOnlyCollection<Hint> hints)
    {
        Remove(hints);
        Interlocked.Add(ref _delivered, hints.Count);
    }

    /// <summary>Removes hints that expired before they could be delivered.</summary>
    public void Drop(IReadOnlyCollection<Hint> hints)
    {
        Remove(hints);
        Interlocked.Add(ref _dropped, hints.Count);
    }

    private void Remove(IReadOnlyCollection<Hint> hints)
    {
        if (hints.Count == 0)
        {
            return;
        }

        using var batch = new WriteBatch();
        foreach (var hint in hints)
        {
            batch.Delete(hint.StorageKey, _hints);
        }

        using (_database.Use())
        {
            _db.Write(batch, _writeOptions);
        }

        foreach (var group in hints.GroupBy(h => h.Target))
        {
            _pending.AddOrUpdate(group.Key, 0, (_, n) => Math.Max(0, n - group.Count()));
        }
    }
}
