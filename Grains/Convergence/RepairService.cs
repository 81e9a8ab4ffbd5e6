using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Jobs;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Runs anti-entropy repairs of this node's ranges, one at a time, off the request path. For
/// every arc of the ring this node replicates, it compares its Merkle summary with each other up
/// replica's and syncs where they differ (<see cref="RangeSync"/>). Peers' root summaries are
/// fetched in batches, so identical replicas cost one message per peer. A repair running when
/// the node stops is cancelled and ends as failed; the next one starts from scratch.
/// </summary>
public sealed partial class RepairService(
    IKeyValueStore store,
    ReplicaDirectory replicas,
    ClusterView cluster,
    ReplicaReadiness liveness,
    ILocalSiloDetails silo,
    IOptions<AntiEntropyOptions> options,
    IOptions<TombstoneOptions> tombstones,
    TimeProvider time,
    ILogger<RepairService> logger) : IHostedService
{
    private const int RootsPerMessage = 512;

    private readonly AntiEntropyOptions _options = options.Value;
    private readonly JobRunner _runner = new("repair", ex => LogRepairFailed(logger, silo.Name, ex));

    /// <summary>The running or last repair, if any.</summary>
    public JobProgress? Status => _runner.Current?.Snapshot();

    /// <summary>The running repair's task (completed when none runs).</summary>
    public Task Running => _runner.Running;

    /// <summary>Starts a repair unless one is running, and returns its status at once (a failed one when the node is stopping).</summary>
    public JobProgress Start() => _runner.Start(new JobRun(JobKind.Repair, silo.Name, 0, time), RunAsync).Snapshot();

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _runner.StopAsync(cancellationToken);

    private async Task RunAsync(JobRun progress, CancellationToken cancellation)
    {
        using var activity = KvTracing.StartBackground(KvTracing.Repair);
        LogRepairStarted(logger, silo.Name);
        try
        {
            var state = cluster.Current;
            var ranges = state.Ring.RangesReplicatedBy(silo.Name, cluster.ReplicationFactor);
            progress.RangesTotal = ranges.Count;
            var collectableBefore = (time.GetUtcNow() - tombstones.Value.GcGrace).ToUnixTimeMilliseconds() << ValueVersion.LogicalBits;
            var dropOrphans = liveness.RepairRequired;
            var mustCompareAll = liveness.DataLost;
            var failed = new Dictionary<string, string>(StringComparer.Ordinal);
            var awayToo = new HashSet<string>(StringComparer.Ordinal);
            var roots = await PeerRootsAsync(ranges, state, progress, failed, awayToo, cancellation);
            var covered = 0;
            for (var i = 0; i < ranges.Count; i++)
            {
                var (range, owners) = ranges[i];
                var peersCompared = 0;
                RangeSummary? local = null;
                foreach (var peer in owners.Where(p => p != silo.Name && !failed.ContainsKey(p)))
                {
                    cancellation.ThrowIfCancellationRequested();
                    try
                    {
                        // One scan per range; again only if syncing with the previous peer changed this side.
                        local ??= RangeSummarizer.Summarize(store, [range], 1)[0];
                        var sync = new RangeSync(store, replicas.For(peer), progress, _options, collectableBefore, dropOrphans);
                        await sync.SyncAsync(range, local.Value, roots[peer][i], cancellation);
                        peersCompared++;
                        if (dropOrphans || sync.KeysReceived > 0)
                        {
                            local = null;
                        }
                    }
                    catch (Exception ex) when (!cancellation.IsCancellationRequested)
                    {
                        NotCompared(peer, range.ToString(), ex, failed);
                    }
                }

                // After a lost data directory, an acknowledged write may survive on any single other
                // replica: every one must have been compared. Otherwise one peer is enough.
                var needed = mustCompareAll ? owners.Length - 1 : Math.Min(1, owners.Length - 1);
                covered += peersCompared >= needed ? 1 : 0;
                progress.RangeDone();
            }

            var error = failed.Count == 0 ? null : "not compared with " + string.Join("; ", failed.Select(f => $"{f.Key} ({f.Value})"));
            var outcome = covered == ranges.Count ? JobPhase.Done : JobPhase.Failed;
            if (liveness.RepairRequired && outcome == JobPhase.Failed && roots.Count == 0 && awayToo.Count > 0 && awayToo.Count == failed.Count)
            {
                // Every peer that answered was away too (the whole cluster was off): none of them
                // purged tombstones meanwhile, and none of them will serve until this one does.
                LogEveryPeerWasAway(logger, silo.Name, string.Join(", ", awayToo));
                outcome = JobPhase.Done;
            }

            if (outcome == JobPhase.Done && liveness.RepairRequired)
            {
                liveness.RepairCompleted();
            }

            progress.Finish(outcome, error);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            progress.Finish(JobPhase.Failed, JobRunner.StoppedError);
        }
        catch (Exception ex)
        {
            LogRepairFailed(logger, silo.Name, ex);
            progress.Finish(JobPhase.Failed, Describe(ex));
        }

        var status = progress.Snapshot();
        LogRepairFinished(logger, silo.Name, status.Phase, status.RangesDone, status.RangesTotal, status.KeysSent, status.KeysReceived, status.BytesSent, status.BytesReceived, status.Error ?? "");
    }

    /// <summary>Each up peer's root summary of every range it shares with this node, indexed like <paramref name="ranges"/>.</summary>
    private async Task<Dictionary<string, Dictionary<int, RangeSummary>>> PeerRootsAsync(
        List<(TokenRange Range, string[] Replicas)> ranges, ClusterState state, JobRun progress, Dictionary<string, string> failed,
        HashSet<string> awayToo, CancellationToken cancellation)
    {
        var roots = new Dictionary<string, Dictionary<int, RangeSummary>>(StringComparer.Ordinal);
        var peers = ranges.SelectMany(r => r.Replicas).Where(p => p != silo.Name).Distinct(StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            if (!state.IsUp(peer))
            {
                failed[peer] = "node is down";
                continue;
            }

            var shared = Enumerable.Range(0, ranges.Count).Where(i => ranges[i].Replicas.Contains(peer)).ToArray();
            var byRange = new Dictionary<int, RangeSummary>(shared.Length);
            try
            {
                foreach (var chunk in shared.Chunk(RootsPerMessage))
                {
                    var asked = chunk.Select(i => ranges[i].Range).ToArray();
                    progress.Sent(0, asked.Length * 16L);
                    var answer = await replicas.For(peer).SummarizeAsync(asked, 1).AsTask().WaitAsync(_options.CallTimeout, cancellation);
                    progress.Received(0, answer.Length * (long)RangeSummary.WireBytes);
                    for (var j = 0; j < chunk.Length; j++)
                    {
                        byRange[chunk[j]] = answer[j];
                    }
                }

                roots[peer] = byRange;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                NotCompared(peer, "every shared range", ex, failed);
                if (ex is ReplicaNotReadyException)
                {
                    awayToo.Add(peer);
                }
            }
        }

        return roots;
    }

    /// <summary>Notes that <paramref name="peer"/> was not compared: the status says why, the log (unless the peer is only away too) has the exception.</summary>
    private void NotCompared(string peer, string ranges, Exception ex, Dictionary<string, string> failed)
    {
        failed[peer] = Describe(ex);
        if (ex is not ReplicaNotReadyException)
        {
            LogPeerNotCompared(logger, silo.Name, peer, ranges, ex);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        TimeoutException => "no answer in time",
        _ => ex.GetBaseException().Message,
    };

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "{NodeId} must be repaired, but every peer ({Peers}) was away too, so none purged tombstones meanwhile: it serves again")]
    private static partial void LogEveryPeerWasAway(ILogger logger, string nodeId, string peers);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Repair of {NodeId}'s ranges started")]
    private static partial void LogRepairStarted(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Repair of {NodeId}'s ranges {State}: {RangesDone}/{RangesTotal} ranges, {KeysSent} keys sent, {KeysReceived} received, {BytesSent} bytes sent, {BytesReceived} received {Error}")]
    private static partial void LogRepairFinished(
        ILogger logger, string nodeId, JobPhase state, int rangesDone, int rangesTotal, long keysSent, long keysReceived, long bytesSent, long bytesReceived, string error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Repair of {NodeId}'s ranges could not compare {Range} with {Peer}")]
    private static partial void LogPeerNotCompared(ILogger logger, string nodeId, string peer, string range, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Repair of {NodeId}'s ranges failed")]
    private static partial void LogRepairFailed(ILogger logger, string nodeId, Exception exception);
}
