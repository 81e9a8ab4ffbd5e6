namespace OrleansKv.Grains.Storage;

/// <summary>
/// Exact counts of live keys and tombstones, moved by every change of what a key holds. Both
/// write engines of <see cref="RocksDbKeyValueStore"/> report their changes here (through <see cref="ChangeStaging"/>), so the counting
/// rule lives in one place.
/// </summary>
internal sealed class EntryCounts
{
    private long _live;
    private long _tombstones;

    public long Live => Interlocked.Read(ref _live);

    public long Tombstones => Interlocked.Read(ref _tombstones);

    /// <summary>Adds entries found when the store opened (counted in the background, while writes record their changes).</summary>
    public void AddExisting(long live, long tombstones)
    {
        Interlocked.Add(ref _live, live);
        Interlocked.Add(ref _tombstones, tombstones);
    }

    /// <summary>Records that a key went from holding a tombstone or not to holding one or not (null: absent).</summary>
    public void Record(bool? beforeTombstone, bool? afterTombstone)
    {
        var live = IsLive(afterTombstone) - IsLive(beforeTombstone);
        var tombstones = IsTombstone(afterTombstone) - IsTombstone(beforeTombstone);
        if (live != 0)
        {
            Interlocked.Add(ref _live, live);
        }

        if (tombstones != 0)
        {
            Interlocked.Add(ref _tombstones, tombstones);
        }
    }

    private static int IsLive(bool? tombstone) => tombstone == false ? 1 : 0;

    private static int IsTombstone(bool? tombstone) => tombstone == true ? 1 : 0;
}
