using OrleansKv.Contracts;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// One replica as this node talks to it: this node's store, or another node's storage grain.
/// Every replica call of the node (coordination, read repair, hint delivery, anti-entropy)
/// goes through this interface, resolved by <see cref="ReplicaDirectory"/>; the members mean what
/// <see cref="IStorageGrain"/>'s do.
/// </summary>
public interface IReplica
{
    ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value);

    ValueTask<VersionedValue?> ReadAsync(string key);

    ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes);

    ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys);

    ValueTask<RangeSummary[]> SummarizeAsync(TokenRange[] ranges, int parts);

    ValueTask<EntryDigest[]> DigestAsync(TokenRange range);

    ValueTask<RangeChunk> ScanAsync(TokenRange range, int maxEntries, int maxBytes);

    ValueTask<KeyListingPage> ListKeysAsync(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues);

    ValueTask<PaxosPromise> PrepareAsync(string key, ValueVersion ballot);

    ValueTask<PaxosAcceptance> ProposeAsync(string key, PaxosProposal proposal);

    ValueTask<ValueVersion> CommitAsync(string key, PaxosProposal proposal);
}
