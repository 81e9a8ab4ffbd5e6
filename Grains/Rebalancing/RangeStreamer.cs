using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Convergence;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Jobs;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// Brings this node the ranges it gains in a ring change. For each gained range it pulls
/// chunks from one current replica (RocksDB range scans on the source, one message per chunk,
/// the next asked for only when this one is stored: back-pressure by construction), then
/// compares the range with every other current replica by Merkle summary
/// (<see cref="RangeSync"/>) and fetches what the first source lacked, e.g. a write it missed
/// whose hint is still pending. Writes that arrive meanwhile land here too: the coordinators
/// already treat this node as a replica of the next ring. One stream at a time; a stream running
/// when the node stops is cancelled and ends as failed, and its driver starts it again (from
/// scratch: what arrived is written again, harmlessly) once the node is back.
/// </summary>
public sealed partial class RangeStreamer(
    IKeyValueStore store,
    LocalReplica local,
    ReplicaDirectory replicas,
    ClusterView cluster,
    RingFollower ring,
    IOptions<RingOptions> ringOptions,
    IOptions<AntiEntropyOptions> antiEntropy,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<RangeStreamer> logger) : IHostedService
{
    private readonly RingOptions _options = ringOptions.Value;
    private readonly JobRunner _runner = new("streaming", ex => LogStreamFailed(logger, ex));
    private readonly object _lock = new();

    /// <summary>The running or last streaming run of this node.</summary>
    public JobProgress? Status => _runner.Current?.Snapshot();

    /// <summary>
    /// Starts streaming what this node gains in the change at <paramref name="epoch"/>, unless that
    /// run is running or done; while a stream of another epoch still runs, returns that one (the
    /// driver asks again).
    /// </summary>
    public JobProgress Start(long epoch)
    {
        lock (_lock)
        {
            if (_runner.Current is { } current && ((current.Epoch == epoch && current.Phase != JobPhase.Failed) || _runner.IsRunning))
            {
                return current.Snapshot();
            }

            var topology = ring.Topology;
            if (topology.Epoch != epoch || topology.Record.Previous is not null || topology.Settled)
            {
                throw new InvalidOperationException($"{silo.Name} follows ring epoch {topology.Epoch}, not a change in progress at epoch {epoch}.");
            }

            var moving = RingChanges.Moving(topology.Record)!;
            var gained = RangeMovements.Gained(topology.Current, topology.Next, silo.Name, cluster.ReplicationFactor);
            var run = new JobRun(RingChanges.ChangeKind(topology.Record, moving), moving.NodeId, epoch, time) { RangesTotal = gained.Count };
            return _runner.Start(run, (progress, cancellation) => RunAsync(progress, gained, moving.NodeId, cancellation)).Snapshot();
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _runner.StopAsync(cancellationToken);

    private async Task RunAsync(JobRun progress, List<(TokenRange Range, string[] Sources)> gained, string moving, CancellationToken cancellation)
    {
        using var activity = KvTracing.StartBackground(KvTracing.Streaming);
        activity?.SetTag("kv.ranges", gained.Count).SetTag("kv.epoch", progress.Epoch);
        LogStreamingStarted(logger, silo.Name, gained.Count, progress.Epoch);
        Exception? failure = null;
        string? error = null;
        try
        {
            await Parallel.ForEachAsync(
                gained.Select((g, i) => (g.Range, g.Sources, Index: i)),
                new ParallelOptions { MaxDegreeOfParallelism = _options.StreamParallelRanges, CancellationToken = cancellation },
                async (item, ct) =>
                {
                    await StreamRangeAsync(item.Range, Prefer(item.Sources, moving, item.Index), progress, ct);
                    progress.RangeDone();
                });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error = JobRunner.StoppedError;
        }
        catch (Exception ex)
        {
            KvTracing.Failed(activity, ex, RequestOutcome.Error);
            failure = ex;
            error = ex.GetBaseException().Message;
        }

        progress.Finish(error is null ? JobPhase.Done : JobPhase.Failed, error);
        var status = progress.Snapshot();
        LogStreamingFinished(
            logger, silo.Name, status.PhaseName, status.RangesDone, status.RangesTotal, status.KeysReceived, status.BytesReceived, status.BytesPerSecond / 1e6,
            error ?? "", failure);
    }

    /// <summary>The leaving node first (it holds every range it gives up); otherwise spread ranges over the replicas.</summary>
    private static string[] Prefer(string[] sources, string moving, int index)
    {
        var rotated = sources.Skip(index % sources.Length).Concat(sources.Take(index % sources.Length));
        return rotated.OrderBy(s => s == moving ? 0 : 1).ToArray();
    }

    private async Task StreamRangeAsync(TokenRange range, string[] sources, JobRun progress, CancellationToken cancellation)
    {
        using var activity = KvTracing.StartStep(KvTracing.StreamRange);
        activity?.SetTag("kv.range", range.ToString());
        var state = cluster.Current;
        var up = sources.Where(state.IsUp).ToList();
        if (up.Count == 0)
        {
            throw new InvalidOperationException($"No replica of range {range} is up to stream it from ({string.Join(", ", sources)}).");
        }

        // Bulk copy from one replica; if it fails midway, go on from where it stopped with the next.
        var rest = range;
        var done = false;
        Exception? lastFailure = null;
        foreach (var source in up)
        {
            try
            {
                while (!done)
                {
                    var chunk = await replicas.For(source).ScanAsync(rest, _options.StreamBatchEntries, _options.StreamBatchBytes)
                        .AsTask().WaitAsync(_options.ChangeCallTimeout, cancellation);
                    if (chunk.Count > 0)
                    {
                        await local.ApplyChunkAsync(chunk);
                        progress.Received(chunk.Count, chunk.Packed.Length);
                    }

                    done = chunk.Done;
                    rest = RangeChunks.After(rest, chunk.LastToken);
                }

                break;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                lastFailure = ex;
                LogSourceFailed(logger, ex, source, range.ToString());
            }
        }

        if (!done)
        {
            throw new InvalidOperationException($"Streaming range {range} failed from every replica: {lastFailure?.GetBaseException().Message}", lastFailure);
        }

        // Catch up with the other replicas: what the bulk source missed. One local summary for all
        // of them (again only if a sync changed this side), their summaries asked for at once.
        var options = antiEntropy.Value;
        var peers = up.Skip(1).ToArray();
        if (peers.Length == 0)
        {
            return;
        }

        var remoteSummaries = await Task.WhenAll(peers.Select(p => replicas.For(p).SummarizeAsync([range], 1).AsTask().WaitAsync(options.CallTimeout, cancellation)));
        RangeSummary? localSummary = null;
        for (var i = 0; i < peers.Length; i++)
        {
            localSummary ??= RangeSummarizer.Summarize(store, [range], 1)[0];
            if (localSummary == remoteSummaries[i][0])
            {
                continue;
            }

            var sync = new RangeSync(store, replicas.For(peers[i]), progress, options, long.MinValue, dropOrphans: false);
            await sync.SyncAsync(range, localSummary.Value, remoteSummaries[i][0], cancellation);
            if (sync.KeysReceived > 0)
            {
                localSummary = null;
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "{NodeId} streams {Ranges} ranges it gains at ring epoch {Epoch}")]
    private static partial void LogStreamingStarted(ILogger logger, string nodeId, int ranges, long epoch);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information,
        Message = "{NodeId} streaming {Phase}: {RangesDone}/{RangesTotal} ranges, {Keys} keys, {Bytes} bytes ({MegabytesPerSecond:0.0} MB/s) {Error}")]
    private static partial void LogStreamingFinished(
        ILogger logger, string nodeId, string phase, int rangesDone, int rangesTotal, long keys, long bytes, double megabytesPerSecond, string error,
        Exception? exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "A streaming run failed; the ring change's driver starts it again")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Streaming from {Source} failed for range {Range}, trying another replica")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string source, string range);
}
