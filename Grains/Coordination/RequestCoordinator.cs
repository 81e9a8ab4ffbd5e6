using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Grains.Time;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The coordination logic of a node: stamps writes with the node's hybrid logical clock, fans
/// requests out to the key's replicas through <see cref="ReplicaFanout"/> and answers once the
/// consistency level is met. Replicas that miss a write get a hint (<see cref="HintRecorder"/>);
/// replicas a read finds stale are repaired (<see cref="ReadRepair"/>). Stateless and
/// thread-safe: one instance per silo serves any number of requests at once. Each request reads
/// the cluster state once (<see cref="RequestPlan"/>) and carries it to the end. Reached by Orleans clients through <see cref="RingCoordinatorGrain"/>,
/// and directly by the node's own HTTP API, which saves a grain hop on the hot path.
/// </summary>
public sealed partial class RequestCoordinator(
    ILocalSiloDetails silo,
    ClusterView cluster,
    ReplicaFanout fanout,
    ReadRepair readRepair,
    HintRecorder hints,
    HybridLogicalClock clock,
    ClockFence fence,
    RequestValidator validator,
    PaxosProposer paxos,
    IOptions<ExperimentalReplicationOptions> experimental,
    KvMetrics metrics,
    ILogger<RequestCoordinator> logger)
{
    // Writes stamped again after losing to a replica's newer version; more would mean a clock
    // far behind, or a key written elsewhere without pause (then last writer wins anyway).
    private const int MaxRestamps = 3;

    private readonly ReadFanout _readFanout = experimental.Value.ReadFanout;

    /// <summary>The node this coordinator runs on; it stamps this id into the versions it issues.</summary>
    public string NodeId { get; } = silo.Name;

    /// <summary>Writes <paramref name="value"/>; with a <paramref name="timeToLive"/> it reads as absent from that long after the write's version.</summary>
    public Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        metrics.MeasureAsync(RequestOperation.Put, level, () =>
        {
            validator.ValidateValue(value);
            RequestValidator.ValidateTimeToLive(timeToLive);
            RequestValidator.ValidateUnconditionalLevel(level);
            return WriteAsync(key, value, level, timeToLive);
        });

    public Task<WriteResult> DeleteAsync(string key, ConsistencyLevel level) =>
        metrics.MeasureAsync(RequestOperation.Delete, level, () =>
        {
            RequestValidator.ValidateUnconditionalLevel(level);
            return WriteAsync(key, null, level);
        });

    /// <summary>
    /// Writes <paramref name="value"/> only if <paramref name="condition"/> holds, decided by Paxos
    /// at <c>serial</c> (the only level a condition takes); <see cref="ConditionFailedException"/> otherwise.
    /// </summary>
    public Task<WriteResult> PutIfAsync(string key, byte[] value, WriteCondition condition, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        metrics.MeasureAsync(RequestOperation.Put, level, () =>
        {
            validator.ValidateValue(value);
            RequestValidator.ValidateTimeToLive(timeToLive);
            RequestValidator.ValidateConditionalLevel(level);
            return paxos.WriteAsync(Plan(key, level, isWrite: true), key, value, condition, timeToLive);
        });

    /// <summary>Deletes the key only if <paramref name="condition"/> holds, at <c>serial</c>, as <see cref="PutIfAsync"/>.</summary>
    public Task<WriteResult> DeleteIfAsync(string key, WriteCondition condition, ConsistencyLevel level) =>
        metrics.MeasureAsync(RequestOperation.Delete, level, () =>
        {
            RequestValidator.ValidateConditionalLevel(level);
            return paxos.WriteAsync(Plan(key, level, isWrite: true), key, null, condition, null);
        });

    public Task<ReadResult> GetAsync(string key, ConsistencyLevel level) =>
        metrics.MeasureAsync(
            RequestOperation.Get, level,
            // A serial read is a Paxos round: its quorums must overlap every conditional write's,
            // on both rings during a change, so it is planned as a write is.
            () => level == ConsistencyLevel.Serial ? paxos.ReadAsync(Plan(key, level, isWrite: true), key) : ReadAsync(key, level),
            static r => r.Found ? RequestOutcome.Ok : RequestOutcome.NotFound);

    private async Task<ReadResult> ReadAsync(string key, ConsistencyLevel level)
    {
        var plan = Plan(key, level, isWrite: false);
        var replicas = plan.Owners.Members;
        var checkAll = readRepair.ChecksInBackground(level);
        var asksAll = _readFanout switch
        {
            ReadFanout.Required => checkAll && level == ConsistencyLevel.One,
            ReadFanout.OneAtOne => checkAll || level != ConsistencyLevel.One,
            _ => true,
        };
        var initialCalls = asksAll ? replicas.Length : plan.Owners.Required;
        var outcome = await fanout.CallAsync(RequestOperation.Read, plan, storage => storage.ReadAsync(key), initialCalls);
        EnsureMet(key, level, plan, outcome);

        var answers = outcome.Replies
            .OrderByDescending(r => r.Value?.Version)
            .ToArray();
        var newest = answers[0].Value;
        if (newest is not null)
        {
            clock.Observe(newest.Version.Timestamp);
        }

        var blocking = level != ConsistencyLevel.One;
        if (blocking)
        {
            // Before answering: the replicas behind this answer all hold it, so a later quorum read cannot go back.
            await readRepair.RepairAsync(key, outcome.Replies);
        }

        if (checkAll && (!blocking || outcome.Attempted > outcome.Replies.Length))
        {
            readRepair.RepairWhenSettled(key, outcome.Settled, blocking ? outcome.RepliedNodes : [], newest);
        }

        // An expired value still wins by version (an older value elsewhere must not come back)
        // but reads as absent, like a tombstone with the same version.
        var live = newest is not null && newest.IsLiveAt(clock.UtcNow) ? newest : null;
        return new ReadResult(
            key, level, NodeId, live?.Value, newest?.Version,
            answers.Select(r => r.NodeId).ToArray(), replicas, outcome.Failures, live?.ExpiresAt);
    }

    private Task<WriteResult> WriteAsync(string key, byte[]? value, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        WriteAsync(Plan(key, level, isWrite: true), key, value, level, timeToLive);

    /// <summary>A write on a plan made earlier: the groups it reaches are the plan's, whatever the cluster state is now.</summary>
    internal async Task<WriteResult> WriteAsync(RequestPlan plan, string key, byte[]? value, ConsistencyLevel level, TimeSpan? timeToLive = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var version = new ValueVersion(clock.Next(), NodeId);

            // The expiry is absolute and travels inside the value, so every replica (and a hint or a
            // repair that copies it later) expires it at the same instant.
            var expiresAt = timeToLive is { } ttl ? version.WallClock.Add(ttl).ToUnixTimeMilliseconds() : (long?)null;
            var record = new VersionedValue(version, value, expiresAt);
            var outcome = await fanout.CallAsync(
                RequestOperation.Apply, plan, storage => storage.ApplyAsync(key, record), onFailed: node => hints.Record(node, key, record));
            var lost = false;
            ValueVersion? beyondReach = null;
            foreach (var reply in outcome.Replies)
            {
                // A replica may hold a newer version from another coordinator: never stamp behind it.
                if (!clock.Observe(reply.Value.Timestamp))
                {
                    beyondReach = reply.Value;
                }

                lost |= reply.Value.IsNewerThan(version);
            }

            EnsureMet(key, level, plan, outcome, isWrite: true);

            // A replica kept a newer version: this node's clock is behind a write that may have
            // finished before this one began. Stamp again above it (the clock has observed it) and
            // retry, so a sequential write is never lost to clock skew. Write quorums overlap, so a
            // quorum write acknowledged earlier is always seen here.
            if (lost && beyondReach is { } ahead)
            {
                // Stamped too far ahead for this clock to follow: acknowledging would report a
                // write that reads never return. Refuse, naming the clock to check.
                throw WriteBehindFarFutureVersion(key, level, plan, outcome, ahead);
            }

            if (!lost || attempt == MaxRestamps)
            {
                return new WriteResult(key, level, NodeId, version, plan.Owners.Members, outcome.Attempted, outcome.RepliedNodes, outcome.Failures);
            }

            LogRestamped(logger, key, version);
        }
    }

    /// <summary>Validates the request and reads the cluster state for it, once.</summary>
    internal RequestPlan Plan(string key, ConsistencyLevel level, bool isWrite)
    {
        validator.ValidateKey(key);
        RequestValidator.ValidateLevel(level);
        // A node outvoted on its clock stamps nothing and answers nothing: its versions and its
        // expiry checks would be wrong by as much as its clock.
        fence.EnsureNotFenced();
        var state = cluster.Current;
        return isWrite
            ? RequestPlan.ForWrite(state, key, level, cluster.ReplicationFactor)
            : RequestPlan.ForRead(state, key, level, cluster.ReplicationFactor);
    }

    private void EnsureMet<T>(string key, ConsistencyLevel level, RequestPlan plan, FanoutOutcome<T> outcome, bool isWrite = false)
    {
        if (outcome.LevelMet)
        {
            return;
        }

        var total = outcome.Replies.Length + outcome.Failures.Length;
        LogConsistencyNotMet(logger, key, level, outcome.Required, outcome.Replies.Length, total);
        throw new ConsistencyNotMetException(
            key, level, outcome.Required, outcome.RepliedNodes, outcome.Attempted,
            plan.Owners.Members.Length, outcome.Failures,
            mayHaveBeenApplied: isWrite && outcome.Attempted > 0);
    }

    private ConsistencyNotMetException WriteBehindFarFutureVersion(
        string key, ConsistencyLevel level, RequestPlan plan, FanoutOutcome<ValueVersion> outcome, ValueVersion ahead)
    {
        var check = fence.ClockToCheck(ahead.NodeId);
        LogBehindFarFuture(logger, key, ahead, check);
        var failures = outcome.Replies
            .Where(r => r.Value == ahead)
            .Select(r => new ReplicaFailure(
                r.NodeId, $"holds a version stamped by {ahead.NodeId} further ahead of {NodeId}'s clock than the allowed drift; check the clock of {check}"))
            .Concat(outcome.Failures)
            .ToArray();
        return new ConsistencyNotMetException(
            key, level, outcome.Required, [], outcome.Attempted, plan.Owners.Members.Length, failures,
            mayHaveBeenApplied: true);
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Write of key {Key} refused: a replica holds {Version}, stamped further ahead of this node's clock than the allowed drift; check the clock of {ClockToCheck}")]
    private static partial void LogBehindFarFuture(ILogger logger, string key, ValueVersion version, string clockToCheck);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Write of key {Key} at {Version} lost to a newer version on a replica: stamped again above it")]
    private static partial void LogRestamped(ILogger logger, string key, ValueVersion version);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Consistency {Level} not met for key {Key}: {Acknowledged} of {Required} required replicas answered ({Known} known)")]
    private static partial void LogConsistencyNotMet(ILogger logger, string key, ConsistencyLevel level, int required, int acknowledged, int known);
}
