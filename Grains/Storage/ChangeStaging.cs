using RocksDbSharp;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Resolves changes to many keys into one atomic write: each against what the key holds, on
/// disk or already staged here (a key may appear twice), summing how the entry counts move so
/// they follow once it is written. Every write of both engines goes through here.
/// The single-key write is the hot path, so a write of one key allocates no more than it must:
/// it is written as a plain put or delete (RocksDB makes that a one-entry batch itself), and the
/// write batch and the map of staged keys are made only once a second change or key comes.
/// </summary>
internal sealed class ChangeStaging(RocksDb db) : IDisposable
{
    private string? _onlyKey;
    private VersionedValue? _onlyHeld;
    private Dictionary<string, VersionedValue?>? _staged;
    private (byte[] Key, byte[]? Value)? _first;
    private WriteBatch? _batch;
    private long _live;
    private long _tombstones;

    /// <summary>Stages <paramref name="change"/> of <paramref name="key"/> (encoded: <paramref name="keyBytes"/>); returns what the key holds afterwards.</summary>
    public VersionedValue? Stage(string key, byte[] keyBytes, StoreChange change, out bool changed)
    {
        if (!TryGetStaged(key, out var current))
        {
            var stored = db.Get(keyBytes);
            current = stored is null ? null : StoredValueCodec.DecodeValue(stored);
        }

        var next = change.Resolve(current, out changed);
        if (changed)
        {
            Add(keyBytes, next is null ? null : StoredValueCodec.EncodeValue(next));
            Count(current?.IsTombstone, next?.IsTombstone);
        }

        SetStaged(key, next);
        return next;
    }

    /// <summary>
    /// Stages an entry as another store holds it (encoded key and value, as streamed): compared by
    /// version header only and written as it is, without decoding its key or payload. The entries
    /// of one chunk have distinct keys, and are not staged with <see cref="Stage"/> in the same write.
    /// </summary>
    public void StageStored(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var incoming = StoredValueCodec.DecodeHeader(value);
        var stored = db.Get(key);
        (ValueVersion Version, bool Tombstone)? current = stored is null ? null : StoredValueCodec.DecodeHeader(stored);
        if (StoreChange.Replaces(incoming.Version, current?.Version))
        {
            if (_first is null && _batch is null)
            {
                _first = (key.ToArray(), value.ToArray());
            }
            else
            {
                Batch().Put(key, value);
            }

            Count(current?.Tombstone, incoming.Tombstone);
        }
    }

    /// <summary>Writes what is staged, all or nothing, then moves the entry counts by what it changed.</summary>
    public void Write(WriteOptions options, EntryCounts counts)
    {
        if (_batch is not null)
        {
            db.Write(_batch, options);
        }
        else if (_first is { Key: var key, Value: var value })
        {
            if (value is null)
            {
                db.Remove(key, writeOptions: options);
            }
            else
            {
                db.Put(key, value, writeOptions: options);
            }
        }

        counts.Add(_live, _tombstones);
    }

    public void Dispose() => _batch?.Dispose();

    private void Count(bool? beforeTombstone, bool? afterTombstone)
    {
        var (live, tombstones) = EntryCounts.Change(beforeTombstone, afterTombstone);
        _live += live;
        _tombstones += tombstones;
    }

    private bool TryGetStaged(string key, out VersionedValue? held)
    {
        if (_staged is not null)
        {
            return _staged.TryGetValue(key, out held);
        }

        held = _onlyHeld;
        return key == _onlyKey;
    }

    private void SetStaged(string key, VersionedValue? held)
    {
        if (_staged is null && (_onlyKey is null || _onlyKey == key))
        {
            (_onlyKey, _onlyHeld) = (key, held);
            return;
        }

        _staged ??= new Dictionary<string, VersionedValue?>(StringComparer.Ordinal) { [_onlyKey!] = _onlyHeld };
        _staged[key] = held;
    }

    private void Add(byte[] key, byte[]? value)
    {
        if (_first is null && _batch is null)
        {
            _first = (key, value);
            return;
        }

        Put(Batch(), key, value);
    }

    /// <summary>The write batch, made at the second change with the first one in it.</summary>
    private WriteBatch Batch()
    {
        if (_batch is null)
        {
            _batch = new WriteBatch();
            if (_first is { Key: var key, Value: var value })
            {
                Put(_batch, key, value);
                _first = null;
            }
        }

        return _batch;
    }

    private static void Put(WriteBatch batch, byte[] key, byte[]? value)
    {
        if (value is null)
        {
            batch.Delete(key);
        }
        else
        {
            batch.Put(key, value);
        }
    }
}
