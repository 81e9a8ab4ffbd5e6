using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// This node's replica: its store, behind two guards. A node that must be repaired first serves
/// no reads, and while its data is lost (or not yet known to be there) its writes count toward no
/// level (<see cref="ReplicaReadiness"/>); versions stamped by a clock too far ahead are refused
/// (<see cref="ClockDriftGuard"/>); and while the node's own clock is outvoted it serves no reads
/// or writes at all (<see cref="ClockFence"/>), so coordinators count it as down and keep hints.
/// Summaries and scans stay open: they compare data, they stamp and judge nothing by the clock. The storage grain serves other nodes with it;
/// this node's coordinator calls it directly, saving a message hop. Its Paxos acceptor
/// (<see cref="PaxosStore"/>) keeps the same guards: a prepare reads, so it needs a replica that
/// serves; an acceptance from a replica whose writes do not count would not count either.
/// </summary>
public sealed class LocalReplica(
    IKeyValueStore store, ReplicaReadiness liveness, ClockDriftGuard? drift = null, ClockFence? fence = null, PaxosStore? paxos = null) : IReplica
{
    private PaxosStore Paxos => paxos ?? throw new InvalidOperationException("This replica has no Paxos acceptor.");

    public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value)
    {
        fence?.EnsureNotFenced();
        drift?.EnsureAcceptable(value);
        var applied = store.ApplyAsync(key, value);
        return liveness.WritesUncounted ? StoredUncountedAsync(applied) : applied;
    }

    public ValueTask<VersionedValue?> ReadAsync(string key)
    {
        fence?.EnsureNotFenced();
        liveness.EnsureServing();
        return ValueTask.FromResult(store.Get(key));
    }

    public ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes)
    {
        fence?.EnsureNotFenced();
        foreach (var write in writes)
        {
            drift?.EnsureAcceptable(write.Value);
        }

        var applied = store.ApplyManyAsync(writes);
        return liveness.WritesUncounted ? StoredUncountedAsync(applied) : applied;
    }

    public ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys)
    {
        fence?.EnsureNotFenced();
        liveness.EnsureServing();
        var values = new VersionedValue?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = store.Get(keys[i]);
        }

        return ValueTask.FromResult(values);
    }

    public ValueTask<RangeSummary[]> SummarizeAsync(TokenRange[] ranges, int parts)
    {
        liveness.EnsureServing();
        return ValueTask.FromResult(RangeSummarizer.Summarize(store, ranges, parts));
    }

    public ValueTask<EntryDigest[]> DigestAsync(TokenRange range)
    {
        liveness.EnsureServing();
        return ValueTask.FromResult(RangeSummarizer.Digest(store, range));
    }

    public ValueTask<RangeChunk> ScanAsync(TokenRange range, int maxEntries, int maxBytes)
    {
        liveness.EnsureServing();
        return ValueTask.FromResult(store.ReadChunk(range, maxEntries, maxBytes));
    }

    public ValueTask<KeyListingPage> ListKeysAsync(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues)
    {
        fence?.EnsureNotFenced();
        liveness.EnsureServing();
        return ValueTask.FromResult(store.ListKeys(firstToken, lastToken, after, prefix, limit, maxScanned, withValues));
    }

    public async ValueTask<PaxosPromise> PrepareAsync(string key, ValueVersion ballot)
    {
        fence?.EnsureNotFenced();
        liveness.EnsureServing();
        var (promised, state) = await Paxos.PrepareAsync(key, ballot);

        // Read after the promise: a commit stored before it is seen; one after it comes from a
        // proposal this promise already constrains.
        return new PaxosPromise(promised, state.Promised!, state.Accepted, store.Get(key), state.Commits ?? [], state.Forgotten);
    }

    public async ValueTask<PaxosAcceptance> ProposeAsync(string key, PaxosProposal proposal)
    {
        fence?.EnsureNotFenced();
        liveness.EnsureCountsForWrites();
        if (proposal.Value is { } value)
        {
            drift?.EnsureAcceptable(value);
        }

        var (accepted, state) = await Paxos.ProposeAsync(key, proposal);
        return new PaxosAcceptance(accepted, state.Promised!);
    }

    public async ValueTask<ValueVersion> CommitAsync(string key, PaxosProposal proposal)
    {
        var value = proposal.Value ?? throw new ArgumentException("An empty proposal is never committed.", nameof(proposal));
        var held = await ApplyAsync(key, value);
        await Paxos.CommitAsync(key, proposal.Ballot, value.Version);
        return held;
    }

    // A node that lost its data keeps what it is sent, but its acknowledgement must not count.
    private async ValueTask<T> StoredUncountedAsync<T>(ValueTask<T> applied)
    {
        var result = await applied;
        liveness.EnsureCountsForWrites();
        return result;
    }

    /// <summary>Stores a chunk streamed from another replica (its versions were checked when first written there).</summary>
    public ValueTask ApplyChunkAsync(RangeChunk chunk) => store.ApplyChunkAsync(chunk);
}
