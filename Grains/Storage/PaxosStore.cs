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
/// <para>
/// With a grace period, the state of a key whose proposals are all committed is dropped once its
/// promise is older than the grace (<see cref="Collect"/>), and every ballot older than the grace
/// is refused: dropping a promise must not let an older proposer's accept through
/// (scylladb#6154), and this low bound refuses every ballot the dropped promise refused.
/// </para>
/// </summary>
public sealed class PaxosStore(NodeDatabase database, bool fsync, TimeProvider? time = null, TimeSpan? grace = null)
{
    private readonly object[] _stripes = Enumerable.Range(0, 256).Select(_ => new object()).ToArray();
    private readonly WriteOptions _write = new WriteOptions().SetSync(fsync);

    /// <summary>Opens the acceptor with the durability the data has (<see cref="StorageOptions.FsyncsEachWriteGroup"/>) and the state grace period.</summary>
    public PaxosStore(NodeDatabase database, StorageOptions options, TimeProvider time, TimeSpan grace)
        : this(database, options.FsyncsEachWriteGroup, time, grace)
    {
    }

    /// <summary>
    /// The lowest ballot this acceptor still takes part in: one stamped at the start of the grace
    /// period (null without a grace period: every ballot counts).
    /// </summary>
    public ValueVersion? LowBound =>
        time is null || grace is not { } period ? null
        : new ValueVersion((time.GetUtcNow() - period).ToUnixTimeMilliseconds() << ValueVersion.LogicalBits, "");

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
        Change(key, (ballot, LowBound), static (state, asked) =>
            asked.ballot.IsNewerThan(state.Promised) && asked.ballot.IsNewerThan(asked.LowBound)
                ? (true, state with { Promised = asked.ballot })
                : (false, Refusing(state, asked.LowBound)));

    /// <summary>
    /// Accepts <paramref name="proposal"/> unless a higher ballot was promised for the key; an
    /// accepted proposal replaces the one accepted before (an empty one too).
    /// </summary>
    public ValueTask<(bool Accepted, PaxosAcceptorState State)> ProposeAsync(string key, PaxosProposal proposal) =>
        Change(key, (proposal, LowBound), static (state, asked) =>
            asked.proposal.Ballot.CompareTo(state.Promised) >= 0 && asked.proposal.Ballot.IsNewerThan(asked.LowBound)
                ? (true, state with { Promised = asked.proposal.Ballot, Accepted = asked.proposal })
                : (false, Refusing(state, asked.LowBound)));

    /// <summary>
    /// Drops the state of every key whose proposals are all committed (none accepted and pending;
    /// an empty proposal, a serial read's, carries nothing to complete) and whose promise is older than <paramref name="horizon"/>: its value is in the data, and
    /// the low bound refuses every ballot that promise refused. An accepted proposal not yet
    /// committed is never dropped: it may have been chosen, and the next proposer must complete
    /// it. Returns how many keys' state was dropped; cancelled between two keys.
    /// </summary>
    public long Collect(DateTimeOffset horizon, CancellationToken cancellation = default)
    {
        long dropped = 0;
        using var lease = database.Use();
        using var iterator = database.Db.NewIterator(database.Paxos, new ReadOptions().SetFillCache(false));
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            cancellation.ThrowIfCancellationRequested();
            if (!IsCollectable(PaxosStateCodec.Decode(iterator.Value()), horizon))
            {
                continue;
            }

            // Decided again under the key's lock: a prepare or accept may have come in meanwhile.
            var keyBytes = iterator.Key();
            lock (Stripe(keyBytes))
            {
                if (Load(keyBytes) is { } state && IsCollectable(state, horizon))
                {
                    database.Db.Remove(keyBytes, database.Paxos, _write);
                    dropped++;
                }
            }
        }

        return dropped;
    }

    private static bool IsCollectable(PaxosAcceptorState state, DateTimeOffset horizon) =>
        (state.Accepted is null or { IsEmpty: true }) && (state.Promised is null || state.Promised.WallClock < horizon);

    /// <summary>A refusal's state: the promise it holds, or the low bound when that is higher (the proposer retries above it).</summary>
    private static PaxosAcceptorState Refusing(PaxosAcceptorState state, ValueVersion? lowBound) =>
        lowBound is not null && lowBound.IsNewerThan(state.Promised) ? state with { Promised = lowBound } : state;

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
        lock (Stripe(keyBytes))
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

    private object Stripe(byte[] keyBytes) => _stripes[StoredValueCodec.TokenOf(keyBytes) % (ulong)_stripes.Length];

    private PaxosAcceptorState? Load(byte[] keyBytes) =>
        database.Db.Get(keyBytes, database.Paxos) is { } bytes ? PaxosStateCodec.Decode(bytes) : null;
}
