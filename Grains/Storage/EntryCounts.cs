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

    /// <summary>
    /// Adds to the counts: entries found when the store opened (counted in the background), or
    /// what a write changed (<see cref="Change"/>, summed over its keys).
    /// </summary>
    public void Add(long live, long tombstones)
    {
        if (live != 0)
        {
            Interlocked.Add(ref _live, live);
        }

        if (tombstones != 0)
        {
            Interlocked.Add(ref _tombstones, tombstones);
        }
    }

    /// <summary>How the counts move when a key goes from holding a tombstone or not to holding one or not (null: absent).</summary>
    public static (int Live, int Tombstones) Change(bool? beforeTombstone, bool? afterTombstone) =>
        (IsLive(afterTombstone) - IsLive(beforeTombstone), IsTombstone(afterTombstone) - IsTombstone(beforeTombstone));

    private static int IsLive(bool? tombstone) => tombstone == false ? 1 : 0;

    private static int IsTombstone(bool? tombstone) => tombstone == true ? 1 : 0;
}
