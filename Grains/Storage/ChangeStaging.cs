using RocksDbSharp;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Resolves changes to many keys into one write batch: each against what the key holds, on
/// disk or already staged in this batch (a key may appear twice), recording what changed so the
/// entry counts follow once the batch is written. Every write of both engines goes through here.
/// </summary>
internal sealed class ChangeStaging(RocksDb db, WriteBatch batch)
{
    private readonly Dictionary<string, VersionedValue?> _staged = new(StringComparer.Ordinal);
    private readonly List<(bool? Before, bool? After)> _changes = [];

    /// <summary>Stages <paramref name="change"/> of <paramref name="key"/> (encoded: <paramref name="keyBytes"/>); returns what the key holds afterwards.</summary>
    public VersionedValue? Stage(string key, byte[] keyBytes, StoreChange change, out bool changed)
    {
        if (!_staged.TryGetValue(key, out var current))
        {
            var stored = db.Get(keyBytes);
            current = stored is null ? null : StoredValueCodec.DecodeValue(stored);
        }

        var next = change.Resolve(current, out changed);
        if (changed)
        {
            if (next is null)
            {
                batch.Delete(keyBytes);
            }
            else
            {
                batch.Put(keyBytes, StoredValueCodec.EncodeValue(next));
            }

            _changes.Add((current?.IsTombstone, next?.IsTombstone));
        }

        _staged[key] = next;
        return next;
    }

    /// <summary>
    /// Stages an entry as another store holds it (encoded key and value, as streamed): compared by
    /// version header only and written as it is, without decoding its key or payload. The entries
    /// of one chunk have distinct keys, and are not staged with <see cref="Stage"/> in the same batch.
    /// </summary>
    public void StageStored(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var incoming = StoredValueCodec.DecodeHeader(value);
        var stored = db.Get(key);
        (ValueVersion Version, bool Tombstone)? current = stored is null ? null : StoredValueCodec.DecodeHeader(stored);
        if (StoreChange.Replaces(incoming.Version, current?.Version))
        {
            batch.Put(key, value);
            _changes.Add((current?.Tombstone, incoming.Tombstone));
        }
    }

    /// <summary>After the batch is written: the entry counts follow what it changed.</summary>
    public void Count(EntryCounts counts)
    {
        foreach (var (before, after) in _changes)
        {
            counts.Record(before, after);
        }
    }
}
