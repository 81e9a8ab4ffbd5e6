using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Cluster;
using OrleansKv.Consistency;
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
/// thread-safe: one instance per silo serves any number of requests at once. Reached by Orleans clients through <see cref="RingCoordinatorGrain"/>,
/// and directly by the node's own HTTP API, which saves a grain hop on the hot path.
/// </summary>
public sealed partial class RequestCoordinator(
    ILocalSiloDetails silo,
    ClusterView cluster,
    ReplicaFanout fanout,
    ReadRepair readRepair,
    HintRecorder hints,
    HybridLogicalClock clock,
    RequestValidator validator,
    IOptions<ReplicationOptions> replication,
    KvMetrics metrics,
    ILogger<RequestCoordinator> logger)
{
    // Writes stamped again after losing to a replica's newer version; more would mean a clock
    // far behind, or a key written elsewhere without pause (then last writer wins anyway).
    private const int MaxRestamps = 3;

    private readonly ReadFanout _readFanout = replication.Value.ReadFanout;

    /// <summary>The node this coordinator runs on; it stamps this id into the versions it issues.</summary>
    public string NodeId { get; } = silo.Name;

    /// <summary>Writes <paramref name="value"/>; with a <paramref name="timeToLive"/> it reads as absent from that long after the write's version.</summary>
    public Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        metrics.MeasureAsync(RequestOperation.Put, level, () =>
        {
            validator.ValidateValue(value);
            RequestValidator.ValidateTimeToLive(timeToLive);
            return WriteAsync(key, value, level, timeToLive);
        });

    public Task<WriteResult> DeleteAsync(string key, ConsistencyLevel level) =>
        metrics.MeasureAsync(RequestOperation.Delete, level, () => WriteAsync(key, null, level));

    public Task<ReadResult> GetAsync(string key, ConsistencyLevel level) =>
        metrics.MeasureAsync(RequestOperation.Get, level, () => ReadAsync(key, level), static r => r.Found ? RequestOutcome.Ok : RequestOutcome.NotFound);

    private async Task<ReadResult> ReadAsync(string key, ConsistencyLevel level)
    {
        var (replicas, required) = Plan(key, level);
        var checkAll = readRepair.ChecksInBackground(level);
        var asksAll = _readFanout switch
        {
            ReadFanout.Required => checkAll && level == ConsistencyLevel.One,
            ReadFanout.OneAtOne => checkAll || level != ConsistencyLevel.One,
            _ => true,
        };
        var initialCalls = asksAll ? replicas.Length : required;
        var outcome = await fanout.CallAsync(RequestOperation.Read, replicas, required, storage => storage.ReadAsync(key), initialCalls);
        EnsureMet(key, level, outcome);

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

    public Task<ReplicaPlacement> GetReplicasAsync(string key)
    {
        validator.ValidateKey(key);
        var state = cluster.Current;
        var token = RingToken.Of(key);
        var replicas = state.Ring.PreferenceList(token, cluster.ReplicationFactor)
            .Select(n => new ReplicaState(n, state.IsUp(n)))
            .ToArray();
        return Task.FromResult(new ReplicaPlacement(key, token, replicas));
    }

    public Task<RingDescription> GetRingAsync()
    {
        // Every member of the ring record, joining ones too; shares are of the ring that owns data now.
        var state = cluster.Current;
        var shares = state.Ring.PrimaryShares();
        var nodes = state.Topology.Members
            .Select(m => new RingNode(
                m.NodeId, state.IsUp(m.NodeId), state.AddressOf(m.NodeId)?.ToString(), m.Tokens.Length, shares.GetValueOrDefault(m.NodeId),
                m.Tokens.Order().ToArray(), RingChanges.Name(m.State)))
            .ToArray();
        return Task.FromResult(new RingDescription(cluster.ReplicationFactor, state.Ring.VirtualNodes, nodes, state.Topology.Epoch, !state.Topology.Settled));
    }

    private async Task<WriteResult> WriteAsync(string key, byte[]? value, ConsistencyLevel level, TimeSpan? timeToLive = null)
    {
        var (replicas, required) = Plan(key, level);
        var next = TransitionGroup(key, replicas, required);
        for (var attempt = 0; ; attempt++)
        {
            var version = new ValueVersion(clock.Next(), NodeId);

            // The expiry is absolute and travels inside the value, so every replica (and a hint or a
            // repair that copies it later) expires it at the same instant.
            var expiresAt = timeToLive is { } ttl ? version.WallClock.Add(ttl).ToUnixTimeMilliseconds() : (long?)null;
            var record = new VersionedValue(version, value, expiresAt);
            var outcome = await fanout.CallAsync(
                RequestOperation.Apply, replicas, required, next, storage => storage.ApplyAsync(key, record), node => hints.Record(node, key, record));
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

            EnsureMet(key, level, outcome, isWrite: true);

            // A replica kept a newer version: this node's clock is behind a write that may have
            // finished before this one began. Stamp again above it (the clock has observed it) and
            // retry, so a sequential write is never lost to clock skew. Write quorums overlap, so a
            // quorum write acknowledged earlier is always seen here.
            if (lost && beyondReach is { } ahead)
            {
                // Stamped too far ahead for this clock to follow: acknowledging would report a
                // write that reads never return. Refuse, naming the clock to check.
                throw WriteBehindFarFutureVersion(key, level, outcome, ahead);
            }

            if (!lost || attempt == MaxRestamps)
            {
                return new WriteResult(key, level, NodeId, version, replicas, outcome.Attempted, outcome.RepliedNodes, outcome.Failures);
            }

            LogRestamped(logger, key, version);
        }
    }

    private (string[] Replicas, int Required) Plan(string key, ConsistencyLevel level)
    {
        validator.ValidateKey(key);
        RequestValidator.ValidateLevel(level);
        var replicas = cluster.Current.Ring.PreferenceList(key, cluster.ReplicationFactor);

        // A key's replica count is the replication factor, not the ring's size: on a ring with
        // fewer than N nodes, quorum and all need more replicas than exist and are refused
        // (as Cassandra's Unavailable) instead of acknowledging fewer copies.
        return (replicas, Math.Max(1, level.RequiredReplicas(cluster.ReplicationFactor)));
    }

    /// <summary>
    /// During a ring change, the key's replicas on the other ring (<see cref="RingTopology.Transition"/>),
    /// which must acknowledge the write as the level needs too; null when the ring is settled or
    /// the change does not move this key.
    /// </summary>
    private ReplicaGroup? TransitionGroup(string key, string[] replicas, int required)
    {
        if (cluster.Current.Topology.Transition is not { } transition)
        {
            return null;
        }

        // On a ring smaller than the level (growing from two nodes to three with RF 3), the level
        // is capped at its size: every one of its replicas must answer, which is all a read on
        // that ring could ever ask (a read needing more than it has fails there anyway).
        var members = transition.PreferenceList(key, cluster.ReplicationFactor);
        return members.Length == replicas.Length && members.All(m => Array.IndexOf(replicas, m) >= 0)
            ? null
            : new ReplicaGroup(members, Math.Min(required, members.Length));
    }

    private void EnsureMet<T>(string key, ConsistencyLevel level, FanoutOutcome<T> outcome, bool isWrite = false)
    {
        if (outcome.LevelMet)
        {
            return;
        }

        var total = outcome.Replies.Length + outcome.Failures.Length;
        LogConsistencyNotMet(logger, key, level, outcome.Required, outcome.Replies.Length, total);
        throw new ConsistencyNotMetException(
            key, level, outcome.Required, outcome.RepliedNodes, outcome.Attempted,
            cluster.Current.Ring.PreferenceList(key, cluster.ReplicationFactor).Length, outcome.Failures,
            mayHaveBeenApplied: isWrite && outcome.Attempted > 0);
    }

    private ConsistencyNotMetException WriteBehindFarFutureVersion(string key, ConsistencyLevel level, FanoutOutcome<ValueVersion> outcome, ValueVersion ahead)
    {
        LogBehindFarFuture(logger, key, ahead);
        var failures = outcome.Replies
            .Where(r => r.Value == ahead)
            .Select(r => new ReplicaFailure(
                r.NodeId, $"holds a version stamped by {ahead.NodeId} further ahead of {NodeId}'s clock than the allowed drift; check {ahead.NodeId}'s clock"))
            .Concat(outcome.Failures)
            .ToArray();
        return new ConsistencyNotMetException(
            key, level, outcome.Required, [], outcome.Attempted, cluster.Current.Ring.PreferenceList(key, cluster.ReplicationFactor).Length, failures,
            mayHaveBeenApplied: true);
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Write of key {Key} refused: a replica holds {Version}, stamped further ahead of this node's clock than the allowed drift")]
    private static partial void LogBehindFarFuture(ILogger logger, string key, ValueVersion version);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Write of key {Key} at {Version} lost to a newer version on a replica: stamped again above it")]
    private static partial void LogRestamped(ILogger logger, string key, ValueVersion version);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Consistency {Level} not met for key {Key}: {Acknowledged} of {Required} required replicas answered ({Known} known)")]
    private static partial void LogConsistencyNotMet(ILogger logger, string key, ConsistencyLevel level, int required, int acknowledged, int known);
}
