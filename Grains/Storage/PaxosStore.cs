using OrleansKv.Contracts;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The Paxos acceptor of this node for every key it replicates, kept in the <c>paxos</c> column
/// family of the <see cref="NodeDatabase"/>. Each operation loads the key's state, compares
/// ballots, writes the new state and only then answers, all under one of 256 lock stripes chosen
/// by the key's token, so it is atomic per key. An answer is never given before its state is in
/// the write-ahead log (and fsynced first when <see cref="StorageOptions.FsyncIntervalMs"/> is 0,
/// as the data is): a promise or an acceptance forgotten in a restart could let two values be
/// chosen for one key. Thread-safe.
/// </summary>
public sealed class PaxosStore(NodeDatabase database, bool fsync)
{
    private readonly object[] _stripes = Enumerable.Range(0, 256).Select(_ => new object()).ToArray();
    private readonly WriteOptions _write = new WriteOptions().SetSync(fsync);

    /// <summary>Opens the acceptor with the durability the data has (<see cref="StorageOptions.FsyncsEachWriteGroup"/>).</summary>
    public PaxosStore(NodeDatabase database, StorageOptions options)
        : this(database, options.FsyncsEachWriteGroup)
    {
    }

    /// <summary>The key's acceptor state; null when it has none.</summary>
    public PaxosAcceptorState? Get(string key)
    {
        using var lease = database.Use();
        return Load(StoredValueCodec.EncodeKey(key));
    }

    /// <summary>
    /// Promises <paramref name="ballot"/> if it is above every ballot promised for the key (which
    /// covers every ballot accepted): then no proposal under a lower ballot is accepted here any
    /// more. Answers with the state after the decision: the ballot promised (the caller's, or the
    /// higher one that refused it) and the proposal accepted last.
    /// </summary>
    public ValueTask<(bool Promised, PaxosAcceptorState State)> PrepareAsync(string key, ValueVersion ballot) =>
        Change(key, ballot, static (state, ballot) =>
            ballot.IsNewerThan(state.Promised) ? (true, state with { Promised = ballot }) : (false, state));

    /// <summary>
    /// Accepts <paramref name="proposal"/> unless a higher ballot was promised for the key; an
    /// accepted proposal replaces the one accepted before (an empty one too).
    /// </summary>
    public ValueTask<(bool Accepted, PaxosAcceptorState State)> ProposeAsync(string key, PaxosProposal proposal) =>
        Change(key, proposal, static (state, proposal) =>
            proposal.Ballot.CompareTo(state.Promised) >= 0
                ? (true, state with { Promised = proposal.Ballot, Accepted = proposal })
                : (false, state));

    /// <summary>
    /// Records that the proposal under <paramref name="ballot"/>, whose value has
    /// <paramref name="version"/>, is committed (in the data now): see <see cref="PaxosAcceptorState.WithCommit"/>.
    /// The promise stays, so an older proposer's accept is still refused (scylladb#6154).
    /// </summary>
    public ValueTask CommitAsync(string key, ValueVersion ballot, ValueVersion version) =>
        new(Change(key, (ballot, version), static (state, commit) =>
        {
            var after = state.WithCommit(commit.ballot, commit.version);
            return (after != state, after);
        }).AsTask());

    private ValueTask<(bool, PaxosAcceptorState)> Change<T>(
        string key, T argument, Func<PaxosAcceptorState, T, (bool Changed, PaxosAcceptorState State)> decide)
    {
        // An fsync must not block the caller's (Orleans) thread; a write to the log alone is as
        // quick as the data's inline writes and runs in place.
        return fsync
            ? new(Task.Run(() => ChangeLocked(key, argument, decide)))
            : ValueTask.FromResult(ChangeLocked(key, argument, decide));
    }

    private (bool, PaxosAcceptorState) ChangeLocked<T>(
        string key, T argument, Func<PaxosAcceptorState, T, (bool Changed, PaxosAcceptorState State)> decide)
    {
        var keyBytes = StoredValueCodec.EncodeKey(key);
        using var lease = database.Use();
        lock (_stripes[StoredValueCodec.TokenOf(keyBytes) % (ulong)_stripes.Length])
        {
            var state = Load(keyBytes) ?? new PaxosAcceptorState(null, null);
            var (changed, after) = decide(state, argument);
            if (changed)
            {
                database.Db.Put(keyBytes, PaxosStateCodec.Encode(after), database.Paxos, _write);
            }

            return (changed, after);
        }
    }

    private PaxosAcceptorState? Load(byte[] keyBytes) =>
        database.Db.Get(keyBytes, database.Paxos) is { } bytes ? PaxosStateCodec.Decode(bytes) : null;
}
