using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>
/// A node's durable local storage, one activation per node, keyed by the node id and pinned to
/// the silo of that name. Replicas are written and read only through this interface.
/// </summary>
/// <remarks>
/// Reads (and the range summaries and digests peers compare) fail with
/// <see cref="Errors.NodeUnavailableException"/> while the node must be repaired before it
/// serves, e.g. after it was down for longer than the tombstone grace period.
/// </remarks>
[Alias("kv.IStorageGrain")]
public interface IStorageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores <paramref name="value"/> if it is newer than what the node holds (last writer wins by
    /// version) and returns the version the node holds afterwards. Durable when it returns.
    /// </summary>
    [Alias("Apply")]
    ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value);

    /// <summary>The node's value or tombstone for <paramref name="key"/>; null if it never saw the key.</summary>
    [Alias("Read")]
    ValueTask<VersionedValue?> ReadAsync(string key);

    /// <summary>
    /// <see cref="ApplyAsync"/> for many keys in one message; the versions held afterwards, in
    /// order. Coordinators coalesce concurrent replica writes to one node into such batches;
    /// hinted handoff and anti-entropy transfer keys this way.
    /// </summary>
    [Alias("ApplyBatch")]
    ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes);

    /// <summary><see cref="ReadAsync"/> for many keys in one message, in order.</summary>
    [Alias("ReadBatch")]
    ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys);

    /// <summary>
    /// Merkle summaries of what this node holds: each range cut into <paramref name="parts"/>
    /// equal sub-ranges (<see cref="TokenRange.Split"/>), one summary per sub-range, range after range.
    /// </summary>
    [Alias("Summarize")]
    ValueTask<RangeSummary[]> SummarizeAsync(TokenRange[] ranges, int parts);

    /// <summary>Every key this node holds in <paramref name="range"/> with its version (tombstones included).</summary>
    [Alias("Digest")]
    ValueTask<EntryDigest[]> DigestAsync(TokenRange range);

    /// <summary>
    /// The first entries (values and tombstones) this node holds in <paramref name="range"/>, in
    /// token order, up to <paramref name="maxEntries"/> or <paramref name="maxBytes"/>: a node
    /// that gains the range streams it by asking again after the chunk's last token.
    /// </summary>
    [Alias("Scan")]
    ValueTask<RangeChunk> ScanAsync(TokenRange range, int maxEntries, int maxBytes);

    /// <summary>
    /// The entries (values and tombstones) this node holds with tokens <paramref name="firstToken"/>
    /// to <paramref name="lastToken"/> after <paramref name="after"/>, whose key starts with
    /// <paramref name="prefix"/>, in listing order: up to <paramref name="limit"/> matches or
    /// <paramref name="maxScanned"/> entries looked at. Refused, as reads are, while the node
    /// must be repaired first. With <paramref name="withValues"/> false a live entry carries an
    /// empty value (its version and expiry only): a keys-only listing moves no values.
    /// </summary>
    /// <remarks>Alias ListKeys.v2: the flag changed the call's shape; an older node's call fails cleanly instead of misreading it.</remarks>
    [Alias("ListKeys.v2")]
    ValueTask<KeyListingPage> ListKeysAsync(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues);

    /// Paxos phase 1 for a conditional write or a serial read of <paramref name="key"/>: promises
    /// <paramref name="ballot"/> if it is above every ballot promised for the key, and answers
    /// with the proposal accepted last and the replica's value (the read rides on the prepare).
    /// Durable before it answers.
    /// </summary>
    [Alias("PaxosPrepare")]
    ValueTask<PaxosPromise> PrepareAsync(string key, ValueVersion ballot);

    /// <summary>Paxos phase 2: accepts <paramref name="proposal"/> unless a higher ballot was promised. Durable before it answers.</summary>
    [Alias("PaxosPropose")]
    ValueTask<PaxosAcceptance> ProposeAsync(string key, PaxosProposal proposal);

    /// <summary>
    /// Commits a chosen proposal: stores its value as <see cref="ApplyAsync"/> does (last writer
    /// wins by version) and forgets it as accepted. Returns the version held afterwards.
    /// </summary>
    [Alias("PaxosCommit")]
    ValueTask<ValueVersion> CommitAsync(string key, PaxosProposal proposal);
}
