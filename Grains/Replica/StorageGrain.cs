using Orleans.Concurrency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Placement;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// The grain face of a node's replica (<see cref="LocalReplica"/>), for the other nodes.
/// Stateless apart from the store, so it is reentrant: any number of replica calls run at once;
/// the store orders the writes.
/// </summary>
[NodePinnedPlacement, Reentrant]
public sealed class StorageGrain(LocalReplica replica, ILocalSiloDetails silo) : Grain, IStorageGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Placement guarantees this; a mismatch would mean serving another node's data.
        var nodeId = this.GetPrimaryKeyString();
        return nodeId == silo.Name
            ? Task.CompletedTask
            : throw new InvalidOperationException($"Storage grain '{nodeId}' activated on silo '{silo.Name}'.");
    }

    public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => replica.ApplyAsync(key, value);

    public ValueTask<VersionedValue?> ReadAsync(string key) => replica.ReadAsync(key);

    public ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes) => replica.ApplyBatchAsync(writes);

    public ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys) => replica.ReadBatchAsync(keys);

    public ValueTask<RangeSummary[]> SummarizeAsync(TokenRange[] ranges, int parts) => replica.SummarizeAsync(ranges, parts);

    public ValueTask<EntryDigest[]> DigestAsync(TokenRange range) => replica.DigestAsync(range);

    public ValueTask<RangeChunk> ScanAsync(TokenRange range, int maxEntries, int maxBytes) => replica.ScanAsync(range, maxEntries, maxBytes);

    public ValueTask<KeyListingPage> ListKeysAsync(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues) =>
        replica.ListKeysAsync(firstToken, lastToken, after, prefix, limit, maxScanned, withValues);

    public ValueTask<PaxosPromise> PrepareAsync(string key, ValueVersion ballot) => replica.PrepareAsync(key, ballot);

    public ValueTask<PaxosAcceptance> ProposeAsync(string key, PaxosProposal proposal) => replica.ProposeAsync(key, proposal);

    public ValueTask<ValueVersion> CommitAsync(string key, PaxosProposal proposal) => replica.CommitAsync(key, proposal);
}
