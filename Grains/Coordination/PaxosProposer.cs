using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Grains.Time;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Conditional writes and serial reads: one Paxos instance per key among its replicas (both
/// groups during a ring change, as for any write), Cassandra v1 style with the read riding on
/// the prepare. A conditional write costs three round trips (prepare + read, propose, commit); a
/// failed condition and a serial read two (prepare + read, an empty proposal that makes any
/// proposal they did not see lose, CASSANDRA-12126). An accepted proposal found in progress is
/// completed first, with its value and its version unchanged, and the request starts again.
/// Rounds lost to other proposers back off and retry until <see cref="PaxosOptions.ContentionTimeout"/>;
/// then the request fails with a 503 that says whether the write may yet take effect.
/// Stateless and thread-safe: one instance per silo.
/// </summary>
public sealed partial class PaxosProposer(
    ILocalSiloDetails silo,
    ReplicaFanout fanout,
    HintRecorder hints,
    HybridLogicalClock clock,
    IOptions<PaxosOptions> options,
    TimeProvider time,
    ILogger<PaxosProposer> logger)
{
    private const ConsistencyLevel Serial = ConsistencyLevel.Serial;

    private readonly string _nodeId = silo.Name;
    private readonly KeyStripedLock _keys = new();

    /// <summary>
    /// Writes <paramref name="value"/> (null: a tombstone) if <paramref name="condition"/> holds
    /// for what the key reads as at the decision; otherwise throws <see cref="ConditionFailedException"/>.
    /// </summary>
    public async Task<WriteResult> WriteAsync(RequestPlan plan, string key, byte[]? value, WriteCondition condition, TimeSpan? timeToLive)
    {
        var contention = new PaxosContention(options.Value, time);
        using var turn = await _keys.TryEnterAsync(key, contention.Timeout)
            ?? throw Undecided(plan, key, contention, null, mayHaveBeenApplied: false, reason: "other serial requests of this key on this node held it for the whole timeout");

        // Versions this request proposed: a later round that finds one of them chosen, in
        // progress, or committed has succeeded. A proposal some replica may have accepted without
        // a quorum may still be completed by another proposer, and then overwritten. It is
        // committed on a quorum before anything else is decided after it, and acceptors list
        // their recent commits, so a later round tells: listed by a promising replica, applied;
        // not listed, not applied so far, and never once this round's own proposal (empty or
        // not) is accepted by a quorum; unless a replica dropped a commit newer than it from its
        // list, and then it cannot be told.
        var proposed = new List<ValueVersion>();
        var maybeAccepted = new List<UncertainProposal>();
        PaxosPromises? last = null;
        while (await contention.NextRoundAsync())
        {
            var (promises, completed) = await BeginAsync(plan, key);
            last = promises ?? last;
            if (completed is { } done && proposed.Contains(done))
            {
                return Written(plan, key, done, last);
            }

            if (promises is null)
            {
                continue;
            }

            if (promises.Newest is { } newest && proposed.Contains(newest.Version))
            {
                return Written(plan, key, newest.Version, promises);
            }

            if (!await RepairAsync(key, promises))
            {
                continue;
            }

            if (maybeAccepted.FirstOrDefault(p => promises.Committed(p.Version)) is { } applied)
            {
                return Written(plan, key, applied.Version, promises);
            }

            var ambiguous = maybeAccepted.Any(p => promises.ForgotCommitsAfter(p.NotAppliedBefore));
            if (!ambiguous)
            {
                // Not applied so far; a later completion would be committed under a ballot at
                // least this round's (it needs acceptances from replicas that promised it).
                maybeAccepted.ForEach(p => p.NotAppliedBefore = promises.Ballot);
            }

            var live = promises.Newest is { } held && held.IsLiveAt(clock.UtcNow) ? held : null;
            if (!condition.HoldsFor(live) || (ambiguous && condition.IfAbsent))
            {
                if (ambiguous)
                {
                    throw Undecided(plan, key, contention, promises, mayHaveBeenApplied: true,
                        reason: "an earlier round's proposal may have been accepted by some replicas, and the key has changed since, so whether it was applied cannot be told");
                }

                // Make any proposal this decision did not see lose before answering from it.
                if (await ProposeAsync(plan, key, new PaxosProposal(promises.Ballot, null)) != Acceptance.Chosen)
                {
                    continue;
                }

                throw new ConditionFailedException(key, condition.ToString(), live?.Value, live?.Version, live?.ExpiresAtUnixMs);
            }

            var version = new ValueVersion(clock.Next(), _nodeId);
            if (!version.IsNewerThan(promises.Newest?.Version))
            {
                // The key holds a version stamped further ahead than this clock may follow.
                throw Undecided(plan, key, contention, promises, mayHaveBeenApplied: maybeAccepted.Count > 0,
                    reason: $"the key holds {promises.Newest!.Version}, further ahead of {_nodeId}'s clock than the allowed drift");
            }

            var expiresAt = timeToLive is { } ttl ? version.WallClock.Add(ttl).ToUnixTimeMilliseconds() : (long?)null;
            var proposal = new PaxosProposal(promises.Ballot, new VersionedValue(version, value, expiresAt));
            proposed.Add(version);
            switch (await ProposeAsync(plan, key, proposal))
            {
                case Acceptance.Chosen:
                    var commit = await CommitAsync(plan, key, proposal);
                    if (commit.LevelMet)
                    {
                        return new WriteResult(key, Serial, _nodeId, version, plan.Owners.Members, commit.Attempted, commit.RepliedNodes, commit.Failures);
                    }

                    // Chosen, but a quorum does not hold it yet: the next round completes it
                    // (and finds it this request's), or the request ends unsure of the commit.
                    maybeAccepted.Add(new UncertainProposal(version, proposal.Ballot));
                    break;
                case Acceptance.Maybe:
                    // Look again at once: the sooner the next round, the fewer commits can push
                    // this proposal's out of the acceptors' lists before it is looked for.
                    maybeAccepted.Add(new UncertainProposal(version, proposal.Ballot));
                    contention.SkipNextBackoff();
                    break;
            }
        }

        throw Undecided(plan, key, contention, last, mayHaveBeenApplied: maybeAccepted.Count > 0);
    }

    /// <summary>
    /// Reads the key linearizably: completes any proposal in progress, makes sure a quorum holds
    /// the newest value, and makes any proposal it did not see lose, then answers.
    /// </summary>
    public async Task<ReadResult> ReadAsync(RequestPlan plan, string key)
    {
        var contention = new PaxosContention(options.Value, time);
        using var turn = await _keys.TryEnterAsync(key, contention.Timeout)
            ?? throw Undecided(plan, key, contention, null, mayHaveBeenApplied: false, reason: "other serial requests of this key on this node held it for the whole timeout");
        PaxosPromises? last = null;
        while (await contention.NextRoundAsync())
        {
            var (promises, _) = await BeginAsync(plan, key);
            last = promises ?? last;
            if (promises is null)
            {
                continue;
            }

            if (!await RepairAsync(key, promises)
                || await ProposeAsync(plan, key, new PaxosProposal(promises.Ballot, null)) != Acceptance.Chosen)
            {
                continue;
            }

            var newest = promises.Newest;
            var live = newest is not null && newest.IsLiveAt(clock.UtcNow) ? newest : null;
            return new ReadResult(
                key, Serial, _nodeId, live?.Value, newest?.Version, promises.RepliedNodes, plan.Owners.Members, promises.Failures, live?.ExpiresAt);
        }

        throw Undecided(plan, key, contention, last, mayHaveBeenApplied: false);
    }

    /// <summary>
    /// Phase 1, and the completion of a proposal found in progress (Cassandra's
    /// <c>FOUND_INCOMPLETE_ACCEPTED</c>). Returns promises to build on, or null to start again
    /// (after a completion too: the request must compare against what it committed), with the
    /// version of the proposal it completed and committed, if any.
    /// </summary>
    private async Task<(PaxosPromises? Promises, ValueVersion? Completed)> BeginAsync(RequestPlan plan, string key)
    {
        var promises = await PrepareAsync(plan, key);
        if (promises?.InProgress is not { } unfinished)
        {
            return (promises, null);
        }

        var completed = await CompleteAsync(plan, key, promises, unfinished);
        return (null, completed ? unfinished.Value!.Version : null);
    }

    /// <summary>Phase 1 with a fresh ballot; null when a replica refused it or too few answered (try again).</summary>
    private async Task<PaxosPromises?> PrepareAsync(RequestPlan plan, string key)
    {
        var ballot = new ValueVersion(clock.Next(), _nodeId);
        var outcome = await fanout.CallAsync(PaxosOperation.Prepare, plan, replica => replica.PrepareAsync(key, ballot));
        if (outcome.Attempted == 0)
        {
            // Too few replicas are up to make a quorum: waiting will not help within a request.
            throw new ConsistencyNotMetException(key, Serial, outcome.Required, [], 0, plan.Owners.Members.Length, outcome.Failures);
        }

        var refused = false;
        foreach (var reply in outcome.Replies)
        {
            // Never propose behind what a replica holds or promised: the next ballot goes above.
            clock.Observe(reply.Value.PromisedBallot.Timestamp);
            if (reply.Value.Current is { } current)
            {
                clock.Observe(current.Version.Timestamp);
            }

            if (reply.Value.Accepted?.Value is { } accepted)
            {
                clock.Observe(accepted.Version.Timestamp);
            }

            refused |= !reply.Value.Promised;
        }

        if (refused || !outcome.LevelMet)
        {
            LogRoundLost(logger, key, ballot, refused ? "a replica promised a higher ballot" : "too few replicas answered");
            return null;
        }

        return new PaxosPromises(ballot, outcome.Replies, outcome.Failures, outcome.Attempted);
    }

    /// <summary>Re-proposes a proposal found in progress, same value and version, under this round's ballot, and commits it.</summary>
    private async Task<bool> CompleteAsync(RequestPlan plan, string key, PaxosPromises promises, PaxosProposal unfinished)
    {
        LogCompleting(logger, key, unfinished.Value!.Version, unfinished.Ballot);
        var proposal = new PaxosProposal(promises.Ballot, unfinished.Value);
        return await ProposeAsync(plan, key, proposal) == Acceptance.Chosen && (await CommitAsync(plan, key, proposal)).LevelMet;
    }

    /// <summary>A proposal of this request that some replica may have accepted, and the ballot below which it is known not to have been committed.</summary>
    private sealed class UncertainProposal(ValueVersion version, ValueVersion ballot)
    {
        public ValueVersion Version { get; } = version;

        public ValueVersion NotAppliedBefore { get; set; } = ballot;
    }

    private enum Acceptance
    {
        Chosen,

        /// <summary>Refused by every replica called: nobody accepted it.</summary>
        Refused,

        /// <summary>Some replica accepted it, or one did not answer: a later round may still complete it.</summary>
        Maybe,
    }

    private async Task<Acceptance> ProposeAsync(RequestPlan plan, string key, PaxosProposal proposal)
    {
        var outcome = await fanout.CallAsync(PaxosOperation.Propose, plan, replica => replica.ProposeAsync(key, proposal));
        if (IsQuorumOfAcceptances(plan, outcome.Replies))
        {
            return Acceptance.Chosen;
        }

        // Wait for every answer before telling "nobody accepted" from "somebody did" (CASSANDRA-6013).
        var settled = await outcome.Settled;
        foreach (var reply in settled)
        {
            clock.Observe(reply.Value.PromisedBallot.Timestamp);
        }

        if (IsQuorumOfAcceptances(plan, settled))
        {
            return Acceptance.Chosen;
        }

        LogRoundLost(logger, key, proposal.Ballot, "the proposal was not accepted by a quorum");
        return settled.Any(r => r.Value.Accepted) || settled.Length < outcome.Attempted ? Acceptance.Maybe : Acceptance.Refused;
    }

    private static bool IsQuorumOfAcceptances(RequestPlan plan, IEnumerable<ReplicaReply<PaxosAcceptance>> replies)
    {
        var accepted = replies.Where(r => r.Value.Accepted).ToList();
        return plan.Owners.MetBy(accepted) && (plan.Next is not { } next || next.MetBy(accepted));
    }

    private Task<FanoutOutcome<ValueVersion>> CommitAsync(RequestPlan plan, string key, PaxosProposal proposal) =>
        fanout.CallAsync(
            PaxosOperation.Commit, plan, replica => replica.CommitAsync(key, proposal),
            onFailed: node => hints.Record(node, key, proposal.Value!));

    /// <summary>
    /// Writes the newest value to the promising replicas that lack it, so it is on a quorum
    /// before anything builds on it (Cassandra's <c>FOUND_INCOMPLETE_COMMITTED</c>). A value a
    /// replica lists as a Paxos commit is committed there the same way, so the commit is listed on
    /// a quorum too: its proposer, if it lost track, learns from that list that it was applied.
    /// </summary>
    private async Task<bool> RepairAsync(string key, PaxosPromises promises)
    {
        var behind = promises.Behind;
        if (behind.Length == 0)
        {
            return true;
        }

        var newest = promises.Newest!;
        var outcome = promises.CommitOf(newest.Version) is { } commit
            ? await fanout.CallAsync(
                PaxosOperation.Commit, behind, replica => replica.CommitAsync(key, new PaxosProposal(commit.Ballot, newest)),
                onFailed: node => hints.Record(node, key, newest))
            : await fanout.CallAsync(RequestOperation.Apply, behind, replica => replica.ApplyAsync(key, newest), onFailed: node => hints.Record(node, key, newest));
        return outcome.LevelMet;
    }

    /// <summary>A write found chosen in a later round: the replicas named are those of the round that saw it, if known.</summary>
    private WriteResult Written(RequestPlan plan, string key, ValueVersion version, PaxosPromises? promises) =>
        new(key, Serial, _nodeId, version, plan.Owners.Members, promises?.Attempted ?? 0, promises?.RepliedNodes ?? [], promises?.Failures ?? []);

    private ConsistencyNotMetException Undecided(
        RequestPlan plan, string key, PaxosContention contention, PaxosPromises? last, bool mayHaveBeenApplied, string? reason = null)
    {
        reason ??= $"no decision within {contention.Timeout.TotalMilliseconds:0} ms ({contention.Rounds} rounds lost to other proposers or to replicas that did not answer)";
        LogUndecided(logger, key, contention.Rounds, reason, mayHaveBeenApplied);
        return new ConsistencyNotMetException(
            key, Serial, plan.Owners.Required, [], last?.Attempted ?? plan.Owners.Members.Length, plan.Owners.Members.Length,
            [.. last?.Failures ?? [], new ReplicaFailure(_nodeId, reason)], mayHaveBeenApplied);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Paxos round for key {Key} under ballot {Ballot} lost: {Reason}; backing off")]
    private static partial void LogRoundLost(ILogger logger, string key, ValueVersion ballot, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Completing the proposal {Version} of key {Key}, accepted under ballot {Ballot} but not committed")]
    private static partial void LogCompleting(ILogger logger, string key, ValueVersion version, ValueVersion ballot);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning,
        Message = "Serial request for key {Key} undecided after {Rounds} rounds: {Reason} (may have been applied: {MayHaveBeenApplied})")]
    private static partial void LogUndecided(ILogger logger, string key, int rounds, string reason, bool mayHaveBeenApplied);
}

/// <summary>Names of the Paxos replica calls, for the replica-call metrics.</summary>
public static class PaxosOperation
{
    public const string Prepare = "prepare";
    public const string Propose = "propose";
    public const string Commit = "commit";
}
