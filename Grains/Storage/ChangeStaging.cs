using RocksDbSharp;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Resolves changes to many keys into one write batch: each against what the key holds, on
/// disk or already staged in this batch (a key may appear twice), recording what changed so the
/// entry counts follow once the batch is written. Used by both write engines' batch paths.
/// </summary>
internal sealed class ChangeStaging(RocksDb db, WriteBatch batch)
{
    private readonly Dictionary<string, VersionedValue?> _staged = new(StringComparer.Ordinal);
    private readonly List<(VersionedValue? Before, VersionedValue? After)> _changes = [];

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

            _changes.Add((current, next));
        }

        _staged[key] = next;
        return next;
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
