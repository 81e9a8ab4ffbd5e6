using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Consistency;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Writes the newest version a read found to the replicas that answered with an older one (or
/// none). At <c>quorum</c> and <c>all</c> the coordinator waits for the repair of the replicas
/// that made up the answer (blocking read repair), so once a value was returned a quorum holds
/// it and a later quorum read cannot go backwards. Answers that arrive after the reply are
/// compared and repaired in the background, until the node stops. Repair writes go through
/// <see cref="ReplicaFanout"/> like any write, and a replica that misses one gets a hint.
/// </summary>
public sealed partial class ReadRepair(
    ReplicaFanout fanout,
    HintRecorder hints,
    IOptions<ReadRepairOptions> options,
    IOptions<TombstoneOptions> tombstones,
    TimeProvider time,
    ILogger<ReadRepair> logger) : IHostedService
{
    private readonly BackgroundWork _background = new(ex => LogBackgroundRepairFailed(logger, ex));
    private readonly ReadRepairOptions _options = options.Value;
    private readonly TimeSpan _gcGrace = tombstones.Value.GcGrace;
    private long _repairs;

    /// <summary>Stale replicas repaired since the node started.</summary>
    public long Repairs => Interlocked.Read(ref _repairs);

    /// <summary>Whether a read at <paramref name="level"/> should look at every replica's answer in the background.</summary>
    public bool ChecksInBackground(ConsistencyLevel level) =>
        _options.Enabled && (level != ConsistencyLevel.One || Random.Shared.NextDouble() < _options.BackgroundChance);

    /// <summary>Repairs the replicas among <paramref name="replies"/> that hold less than the newest; completes when they answered.</summary>
    public Task RepairAsync(string key, ReplicaReply<VersionedValue?>[] replies)
    {
        if (!_options.Enabled || replies.Length < 2)
        {
            return Task.CompletedTask;
        }

        VersionedValue? newest = null;
        foreach (var reply in replies)
        {
            newest = VersionedValue.Newest(newest, reply.Value);
        }

        if (newest is null || IsCollectable(newest))
        {
            return Task.CompletedTask;
        }

        string[]? stale = null;
        var count = 0;
        foreach (var reply in replies)
        {
            if (newest.Version.IsNewerThan(reply.Value?.Version))
            {
                stale ??= new string[replies.Length];
                stale[count++] = reply.NodeId;
            }
        }

        return stale is null ? Task.CompletedTask : WriteAsync(key, newest, stale[..count]);
    }

    /// <summary>
    /// Compares every answer once all have arrived and repairs the stale replicas, without
    /// holding up the reply. <paramref name="repaired"/> already hold <paramref name="repairedTo"/>
    /// (blocking repair wrote it), whatever they answered.
    /// </summary>
    public void RepairWhenSettled(string key, Task<ReplicaReply<VersionedValue?>[]> settled, string[] repaired, VersionedValue? repairedTo) =>
        _background.Run(stopping => RepairSettledAsync(key, settled, repaired, repairedTo, stopping));

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _background.StopAsync(cancellationToken);

    private async Task RepairSettledAsync(
        string key, Task<ReplicaReply<VersionedValue?>[]> settled, string[] repaired, VersionedValue? repairedTo, CancellationToken stopping)
    {
        // Every replica call is bounded by the replica timeout, so this wait and the repair write
        // are too: a stop waits for a write begun rather than leave it half sent. Off the caller's
        // scheduler (a grain's), like the reply it must not hold up.
        ReplicaReply<VersionedValue?>[] answers;
        try
        {
            answers = await settled.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // The request saw (and reported) the failure; nothing to compare.
        }

        if (stopping.IsCancellationRequested)
        {
            return;
        }

        var replies = (ReplicaReply<VersionedValue?>[])answers.Clone();
        for (var i = 0; i < replies.Length; i++)
        {
            if (Array.IndexOf(repaired, replies[i].NodeId) >= 0)
            {
                replies[i] = replies[i] with { Value = VersionedValue.Newest(replies[i].Value, repairedTo) };
            }
        }

        await RepairAsync(key, replies).ConfigureAwait(false);
    }

    private async Task WriteAsync(string key, VersionedValue newest, string[] stale)
    {
        using var activity = KvTracing.StartStep(KvTracing.ReadRepair);
        activity?.SetTag("kv.stale_replicas", string.Join(",", stale));
        var outcome = await fanout.CallAsync(RequestOperation.Apply, stale, replica => replica.ApplyAsync(key, newest), node => hints.Record(node, key, newest));
        Interlocked.Add(ref _repairs, outcome.Replies.Length);
        LogRepaired(logger, key, newest.Version, string.Join(",", outcome.RepliedNodes));
    }

    // A tombstone past the grace period may already be purged elsewhere: spreading it again is pointless.
    private bool IsCollectable(VersionedValue value) => value.IsCollectableAt(time.GetUtcNow() - _gcGrace);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "A background read repair failed")]
    private static partial void LogBackgroundRepairFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Read repair of key {Key}: wrote {Version} to {Nodes}")]
    private static partial void LogRepaired(ILogger logger, string key, ValueVersion version, string nodes);
}
