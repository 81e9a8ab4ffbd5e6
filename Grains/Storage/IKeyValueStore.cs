using OrleansKv.Contracts;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// A node's durable local storage: a map from key to the newest <see cref="VersionedValue"/>
/// the node has seen, ordered on disk by ring token so that ranges of the ring can be streamed.
/// Thread-safe: any number of callers at once.
/// </summary>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>Where the store keeps its files.</summary>
    string Location { get; }

    /// <summary>
    /// The value or tombstone held for <paramref name="key"/>, or null if the node never saw it.
    /// Sees every write whose <see cref="ApplyAsync"/> has completed. Does not block on writers.
    /// </summary>
    VersionedValue? Get(string key);

    /// <summary>
    /// Stores <paramref name="value"/> unless the node already holds a version at least as new
    /// (last writer wins), and returns the version held afterwards. The compare-and-write is
    /// atomic with respect to every other write. When the task completes the write is in the
    /// write-ahead log (survives a process crash), and fsynced too when
    /// <see cref="StorageOptions.FsyncIntervalMs"/> is 0 (survives power loss).
    /// </summary>
    ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value);

    /// <summary>
    /// <see cref="ApplyAsync"/> for many keys at once, written together (one RocksDB write batch):
    /// how streamed ranges, hints and repairs are stored. Returns the versions held afterwards, in order.
    /// </summary>
    ValueTask<ValueVersion[]> ApplyManyAsync(IReadOnlyList<ReplicaWrite> writes);

    /// <summary>
    /// Removes the entry for <paramref name="key"/> if it still holds exactly
    /// <paramref name="version"/> (atomic with respect to every write); true when the key no
    /// longer holds that version afterwards. Used to collect old tombstones: a newer write that
    /// arrived meanwhile is never removed.
    /// </summary>
    ValueTask<bool> RemoveIfAsync(string key, ValueVersion version);

    /// <summary>
    /// Keys with a live value (tombstones excluded), kept up to date by writes. Exact once
    /// <see cref="CountsExact"/>: the entries found at open are counted in the background, so
    /// until then it lacks those not counted yet.
    /// </summary>
    long LiveKeyCount { get; }

    /// <summary>Tombstones held; exact once <see cref="CountsExact"/>, as <see cref="LiveKeyCount"/>.</summary>
    long TombstoneCount { get; }

    /// <summary>False while the entries found when the store opened are still being counted.</summary>
    bool CountsExact { get; }

    /// <summary>True when the store holds no entry at all, value or tombstone (one seek, not a count).</summary>
    bool IsEmpty { get; }

    /// <summary>
    /// The entries (values and tombstones) whose token lies in <paramref name="range"/>, in
    /// clockwise token order from the range's start. A consistent snapshot taken when enumeration starts.
    /// </summary>
    IEnumerable<StoredEntry> Scan(TokenRange range);

    /// <summary>
    /// Calls <paramref name="visitor"/> with each entry of <paramref name="range"/> as stored (encoded
    /// key and value, see <see cref="StoredValueCodec"/>), in token order, from one snapshot, until
    /// it returns false: range summaries and streaming read this way, without decoding entries.
    /// </summary>
    void ForEachStored(TokenRange range, StoredEntryVisitor visitor);

    /// <summary>
    /// The first entries of <paramref name="range"/> in token order, packed as stored, up to
    /// <paramref name="maxEntries"/> or <paramref name="maxBytes"/> (ending on a token boundary):
    /// what a node streams to one that gains the range.
    /// </summary>
    RangeChunk ReadChunk(TokenRange range, int maxEntries, int maxBytes);

    /// <summary>
    /// Entries (values and tombstones) with tokens <paramref name="firstToken"/> to
    /// <paramref name="lastToken"/> (inclusive) after <paramref name="after"/> (from the first
    /// token when null) whose key starts with <paramref name="prefix"/>, in listing order (token,
    /// then the key's UTF-8 bytes), from one snapshot: up to <paramref name="limit"/> matches or
    /// <paramref name="maxScanned"/> entries looked at, whichever comes first. With
    /// <paramref name="withValues"/> false a live entry's value is empty (version and expiry kept).
    /// </summary>
    KeyListingPage ListKeys(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues);

    /// <summary>Stores a streamed chunk: each entry unless the store holds a version at least as new, all in one write.</summary>
    ValueTask ApplyChunkAsync(RangeChunk chunk);
}

/// <summary>One stored entry, encoded (valid only during the call); return false to stop.</summary>
public delegate bool StoredEntryVisitor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
