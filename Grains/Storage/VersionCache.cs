using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// What recently written keys hold, so the inline write path can resolve last-writer-wins
/// without reading the key back from RocksDB first (that read searched the memtable's skip list,
/// a tenth of a node's CPU under a write load). One small map per lock stripe of
/// <see cref="RocksDbKeyValueStore"/>, read and changed only while that stripe's lock is held,
/// so an entry always equals what the store holds for its key. Entries keep the version, the
/// tombstone flag and the expiry, not the value's bytes: that is all a write compares and counts.
/// A full stripe forgets one entry for each new one.
/// </summary>
internal sealed class VersionCache
{
    private static readonly byte[] Live = [];
    private readonly Dictionary<string, VersionedValue>[] _stripes;
    private readonly int _perStripe;

    public VersionCache(int stripes, int capacity)
    {
        _perStripe = capacity / stripes;
        _stripes = new Dictionary<string, VersionedValue>[_perStripe > 0 ? stripes : 0];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Dictionary<string, VersionedValue>(StringComparer.Ordinal);
        }
    }

    /// <summary>What the key holds, if this cache knows; the caller holds the stripe's lock.</summary>
    public bool TryGet(int stripe, string key, out VersionedValue? held)
    {
        held = null;
        return _stripes.Length > 0 && _stripes[stripe].TryGetValue(key, out held);
    }

    /// <summary>Records what the key holds now (null: nothing); the caller holds the stripe's lock.</summary>
    public void Set(int stripe, string key, VersionedValue? held)
    {
        if (_stripes.Length == 0)
        {
            return;
        }

        var map = _stripes[stripe];
        if (held is null)
        {
            map.Remove(key);
            return;
        }

        if (map.Count >= _perStripe && !map.ContainsKey(key))
        {
            foreach (var victim in map.Keys)
            {
                map.Remove(victim);
                break;
            }
        }

        map[key] = held.IsTombstone ? held : held with { Value = Live };
    }

    /// <summary>Forgets the key (it was written by a path that does not keep this cache); the caller holds the stripe's lock.</summary>
    public void Forget(int stripe, string key)
    {
        if (_stripes.Length > 0)
        {
            _stripes[stripe].Remove(key);
        }
    }

    /// <summary>Forgets every key of a stripe; the caller holds the stripe's lock.</summary>
    public void ForgetStripe(int stripe)
    {
        if (_stripes.Length > 0)
        {
            _stripes[stripe].Clear();
        }
    }
}
