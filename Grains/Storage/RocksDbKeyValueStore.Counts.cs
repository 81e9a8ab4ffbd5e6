using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Entry counts: every write moves them by its own change (<see cref="EntryCounts"/>), and what
/// the store held when it opened is counted once in the background.
/// </summary>
public sealed partial class RocksDbKeyValueStore
{
    private readonly EntryCounts _counts = new();
    private readonly Task _counting;

    public long LiveKeyCount => _counts.Live;

    public long TombstoneCount => _counts.Tombstones;

    public bool CountsExact => _counting.IsCompletedSuccessfully;

    /// <summary>Completes when the entries found at open are counted (tests and tools).</summary>
    public Task CountedAsync => _counting;

    /// <summary>
    /// Starts counting what the store holds now: the iterator taken here pins it, and writes from
    /// here on move the counts themselves. The walk waits for <paramref name="mayStart"/> (tests).
    /// </summary>
    private Task StartCounting(Task mayStart)
    {
        var lease = _database.Use();
        var existing = _db.NewIterator(readOptions: new ReadOptions().SetFillCache(false));
        return Task.Run(async () =>
        {
            await mayStart.ConfigureAwait(false);
            CountExisting(existing, lease);
        });
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
                _counts.Add(live, tombstones);
                live = tombstones = 0;
            }
        }

        _counts.Add(live, tombstones);
    }
}
