using System.Text;
using OrleansKv.Contracts;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Listings: a seek to the position and a walk in stored order (token, then key bytes), matching
/// the prefix on the encoded key so entries that do not match are never decoded.
/// </summary>
public sealed partial class RocksDbKeyValueStore
{
    public KeyListingPage ListKeys(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] seek;
        byte[]? skip = null;
        if (after is null || after.Token < firstToken)
        {
            seek = StoredValueCodec.EncodeTokenPrefix(firstToken);
        }
        else if (after.Token > lastToken || (after.Key is null && after.Token == lastToken))
        {
            return new KeyListingPage([], after, Done: true);
        }
        else if (after.Key is null)
        {
            seek = StoredValueCodec.EncodeTokenPrefix(after.Token + 1);
        }
        else
        {
            seek = skip = StoredValueCodec.EncodeKey(after.Token, after.Key);
        }

        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var entries = new List<ListedEntry>();
        byte[]? reached = null;
        var scanned = 0;
        using var lease = _database.Use();
        using var snapshot = _db.CreateSnapshot();
        // A listing reads each block once: keep it out of the block cache, which serves the hot keys.
        using var iterator = _db.NewIterator(readOptions: new RocksDbSharp.ReadOptions().SetSnapshot(snapshot).SetFillCache(false));
        for (iterator.Seek(seek); iterator.Valid(); iterator.Next())
        {
            var key = iterator.GetKeySpan();
            if (StoredValueCodec.TokenOf(key) > lastToken)
            {
                break;
            }

            if (skip is not null && key.SequenceEqual(skip))
            {
                continue;
            }

            if (scanned == maxScanned || entries.Count == limit)
            {
                return new KeyListingPage([.. entries], PositionOf(reached), Done: false, scanned);
            }

            scanned++;
            reached = key.ToArray();
            if (key[8..].StartsWith(prefixBytes))
            {
                var value = StoredValueCodec.DecodeValue(iterator.GetValueSpan());
                entries.Add(new ListedEntry(StoredValueCodec.DecodeKey(key).Key, withValues || value.IsTombstone ? value : value with { Value = [] }));
            }
        }

        return new KeyListingPage([.. entries], PositionOf(reached) ?? after, Done: true, scanned);
    }

    private static ListPosition? PositionOf(byte[]? storedKey) =>
        storedKey is null ? null : StoredValueCodec.DecodeKey(storedKey) is var (token, key) ? new ListPosition(token, key) : null;
}
