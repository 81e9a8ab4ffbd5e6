using OrleansKv.Ring;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>Range scans: keys are stored as token + key, so a token range is one contiguous key range (two for an arc that wraps).</summary>
public sealed partial class RocksDbKeyValueStore
{
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
}
