using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Ring;
using OrleansKv.Jobs;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// Runs the ring changes this node drives (its own join or decommission, or the removal of a
/// dead node) through three epochs, waiting after each until every up node follows it:
/// <list type="number">
/// <item>joining / leaving: writes reach the old and the new owners (both must meet the level),
/// reads the old; every node that gains ranges streams them;</item>
/// <item>complete: reads the new owners, writes still both (the <see cref="RingRecord.Previous"/> owners);</item>
/// <item>settled: writes the new owners only; every node drops what it no longer owns, and a
/// decommissioned node stops its process.</item>
/// </list>
/// Each epoch is written by compare-and-swap; a driver that crashes, or stops, resumes from the
/// record when it starts again (the removal of a dead node can be taken over by asking another
/// node). Joining and driving are jobs of the node: one at a time each, cancelled when it stops.
/// </summary>
public sealed partial class RingChangeDriver(
    IRingStore store,
    RingFollower ring,
    ClusterView cluster,
    BootstrapMembers bootstrap,
    IGrainFactory grains,
    OwnershipCleanup cleanup,
    IHostApplicationLifetime lifetime,
    IOptions<RingOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<RingChangeDriver> logger) : IHostedService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private readonly RingOptions _options = options.Value;
    private readonly JobRunner _joining = new("ring join", ex => LogJoinFailed(logger, ex, silo.Name));
    private readonly JobRunner _driving = new("ring change", ex => LogChangeStepFailed(logger, ex, silo.Name));
    private JobProgress? _status;

    /// <summary>The change this node drives or drove last, with its streaming progress over every receiving node.</summary>
    public JobProgress? Status => Volatile.Read(ref _status);

    /// <summary>Enters the ring in the background (<see cref="JoinAsync"/>), trying again after a failure until it has or the node stops.</summary>
    public void StartJoining() => _joining.TryStart(async cancellation =>
    {
        while (true)
        {
            try
            {
                await JoinAsync(cancellation);
                return;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                // E.g. the ring store was unreachable for a moment: try again.
                LogJoinFailed(logger, ex, silo.Name);
            }

            await Task.Delay(RetryInterval, time, cancellation);
        }
    });

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task IHostedService.StopAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_joining.StopAsync(cancellationToken), _driving.StopAsync(cancellationToken));

    /// <summary>Enters the ring: at once when it owns nothing yet, else as joining once no other change runs; returns when the join has started.</summary>
    private async Task JoinAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var record = await RefreshAsync(cancellation);
            if (record.Member(silo.Name) is { State: not RingMemberState.Removed })
            {
                ResumeIfDriver();
                return;
            }

            try
            {
                if (record.Epoch == 0)
                {
                    // The first node of a cluster (or of one that ran before ring records existed):
                    // every active node owns the ring at once, as before, with its data; nodes
                    // starting beside it are waited for, briefly, so they need not join one by one.
                    var known = await bootstrap.WaitAsync(cancellation);
                    if (await TryWriteAsync(RingChanges.Bootstrap(known, _options.VirtualNodesPerNode, time.GetUtcNow()), cancellation))
                    {
                        continue;
                    }
                }
                else if (RingChanges.Owners(record).Length == 0 && !record.ChangeInProgress)
                {
                    await TryWriteAsync(RingChanges.JoinEmptyRing(record, silo.Name, _options.VirtualNodesPerNode, time.GetUtcNow()), cancellation);
                }
                else if (!record.ChangeInProgress
                    && await TryWriteAsync(RingChanges.Join(record, silo.Name, _options.VirtualNodesPerNode, time.GetUtcNow()), cancellation))
                {
                    LogChangeStarted(logger, silo.Name, "join", silo.Name, record.Epoch + 1);
                    EnsureDriving();
                    return;
                }
            }
            catch (RingChangeRejectedException)
            {
                // Another change began meanwhile: wait for it.
            }

            await Task.Delay(_options.JoinWaitInterval, time, cancellation);
        }
    }

    /// <summary>This node leaves the ring (decommission).</summary>
    public async Task<JobProgress> DecommissionAsync()
    {
        var record = await ChangeAsync(r => RingChanges.Leave(r, silo.Name, silo.Name, cluster.ReplicationFactor, time.GetUtcNow()));
        LogChangeStarted(logger, silo.Name, "decommission", silo.Name, record.Epoch);
        return Begin(record, JobKind.Decommission, silo.Name);
    }

    /// <summary>Removes <paramref name="nodeId"/>, which must be down, driven by this node.</summary>
    public async Task<JobProgress> RemoveAsync(string nodeId)
    {
        if (nodeId == silo.Name || cluster.Current.IsUp(nodeId))
        {
            throw new RingChangeRejectedException(
                RingChangeRejection.Conflict, $"{nodeId} is up: only a node that is down can be removed; decommission it instead, or stop it first.");
        }

        var record = await ChangeAsync(r => RingChanges.Leave(r, nodeId, silo.Name, 0, time.GetUtcNow()));
        LogChangeStarted(logger, silo.Name, "remove", nodeId, record.Epoch);
        return Begin(record, JobKind.Remove, nodeId);
    }

    /// <summary>Continues a change this node was driving when it stopped.</summary>
    public void ResumeIfDriver()
    {
        if (ring.Topology.Record.ChangeDriver == silo.Name)
        {
            EnsureDriving();
        }
    }

    private JobProgress Begin(RingRecord record, JobKind change, string nodeId)
    {
        var now = time.GetUtcNow();
        var status = new JobProgress(change, nodeId, JobPhase.Running, record.Epoch, 0, 0, 0, 0, 0, 0, now, null, now, null);
        if (record.ChangeDriver == silo.Name)
        {
            Volatile.Write(ref _status, status);
            EnsureDriving();
        }

        return status;
    }

    /// <summary>Drives the change in the record (again, if a drive that is ending already read the record before this change was written).</summary>
    private void EnsureDriving() => _driving.Trigger(DriveAsync);

    private async Task DriveAsync(CancellationToken cancellation)
    {
        while (true)
        {
            RingRecord record;
            try
            {
                record = await RefreshAsync(cancellation);
                if (record.ChangeDriver != silo.Name)
                {
                    return;
                }

                if (record.Previous is null)
                {
                    await BarrierAsync(record.Epoch, cancellation);
                    await StreamAsync(record, cancellation);
                    var moving = RingChanges.Moving(record)!;
                    var complete = moving.State == RingMemberState.Joining
                        ? RingChanges.CompleteJoin(record, moving.NodeId, time.GetUtcNow())
                        : RingChanges.CompleteLeave(record, moving.NodeId, time.GetUtcNow());
                    await TryWriteAsync(complete, cancellation);
                    continue;
                }

                await BarrierAsync(record.Epoch, cancellation);
                var settled = RingChanges.Settle(record, time.GetUtcNow());
                if (!await TryWriteAsync(settled, cancellation))
                {
                    continue;
                }

                await BarrierAsync(settled.Epoch, cancellation);
                await CleanupEverywhereAsync(settled.Epoch, cancellation);
                var left = record.Previous.FirstOrDefault(p => settled.Member(p.NodeId)?.State == RingMemberState.Removed);
                Finish(settled.Epoch);
                LogChangeFinished(logger, silo.Name, settled.Epoch);
                if (left?.NodeId == silo.Name)
                {
                    // Decommissioned: its ranges live elsewhere now. A graceful stop, exit code 0.
                    LogDecommissioned(logger, silo.Name);
                    lifetime.StopApplication();
                }

                return;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                LogChangeStepFailed(logger, ex, silo.Name);
                var status = Volatile.Read(ref _status);
                if (status is not null)
                {
                    Volatile.Write(ref _status, status with { Error = ex.GetBaseException().Message });
                }

                await Task.Delay(RetryInterval, time, cancellation);
            }
        }
    }

    /// <summary>Waits until every up node follows <paramref name="epoch"/> (a node that goes down meanwhile reads the record when it starts).</summary>
    private async Task BarrierAsync(long epoch, CancellationToken cancellation)
    {
        var nodes = cluster.Current.UpNodes.ToArray();
        await Task.WhenAll(nodes.Select(async node =>
        {
            while (cluster.Current.IsUp(node))
            {
                try
                {
                    var followed = await grains.GetGrain<IRingMemberGrain>(node).RefreshAsync(epoch).WaitAsync(_options.ChangeCallTimeout, cancellation);
                    if (followed >= epoch)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !cancellation.IsCancellationRequested)
                {
                    LogBarrierRetry(logger, ex, node, epoch);
                }

                await Task.Delay(PollInterval, time, cancellation);
            }
        }));
    }

    /// <summary>Has every node that gains ranges stream them, and waits until all are done.</summary>
    private async Task StreamAsync(RingRecord record, CancellationToken cancellation)
    {
        var topology = RingTopology.From(record);
        var receivers = topology.Next.Nodes
            .Where(n => RangeMovements.Gained(topology.Current, topology.Next, n, cluster.ReplicationFactor).Count > 0)
            .ToArray();
        var moving = RingChanges.Moving(record)!;
        var change = RingChanges.ChangeKind(record, moving);
        var started = Volatile.Read(ref _status) is { } known && known.Epoch == record.Epoch ? known.StartedAt : time.GetUtcNow();
        var statuses = new Dictionary<string, JobProgress?>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var node in receivers)
            {
                statuses[node] = await StreamingStatusOfAsync(node, record.Epoch, statuses.GetValueOrDefault(node), cancellation);
            }

            var all = statuses.Values.OfType<JobProgress>().ToArray();
            var done = all.Length == receivers.Length && all.All(s => s.Phase == JobPhase.Done);
            var now = time.GetUtcNow();
            Volatile.Write(ref _status, new JobProgress(
                change, moving.NodeId, done ? JobPhase.Done : JobPhase.Running, record.Epoch, all.Sum(s => s.RangesDone), all.Sum(s => s.RangesTotal),
                all.Sum(s => s.KeysSent), all.Sum(s => s.KeysReceived), all.Sum(s => s.BytesSent), all.Sum(s => s.BytesReceived),
                started, done ? now : null, now, all.FirstOrDefault(s => s.Error is not null)?.Error));
            if (done)
            {
                return;
            }

            await Task.Delay(PollInterval, time, cancellation);
        }
    }

    /// <summary>A receiving node's progress; starts (or restarts after a failure) its streaming when needed.</summary>
    private async Task<JobProgress?> StreamingStatusOfAsync(string node, long epoch, JobProgress? last, CancellationToken cancellation)
    {
        if (!cluster.Current.IsUp(node))
        {
            // It streams when it is back (or an operator removes it); the change waits.
            return last;
        }

        try
        {
            var member = grains.GetGrain<IRingMemberGrain>(node);
            var status = await member.GetStreamingAsync().WaitAsync(_options.ChangeCallTimeout, cancellation);
            if (status is null || status.Epoch != epoch || status.Phase == JobPhase.Failed)
            {
                await member.RefreshAsync(epoch).WaitAsync(_options.ChangeCallTimeout, cancellation);
                status = await member.StartStreamingAsync(epoch).WaitAsync(_options.ChangeCallTimeout, cancellation);
            }

            return status;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellation.IsCancellationRequested)
        {
            LogBarrierRetry(logger, ex, node, epoch);
            return last;
        }
    }

    private async Task CleanupEverywhereAsync(long epoch, CancellationToken cancellation)
    {
        await Task.WhenAll(cluster.Current.UpNodes.Select(async node =>
        {
            try
            {
                await grains.GetGrain<IRingMemberGrain>(node).CleanupAsync(epoch).WaitAsync(_options.ChangeCallTimeout, cancellation);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellation.IsCancellationRequested)
            {
                // It cleans up when it next starts.
                LogBarrierRetry(logger, ex, node, epoch);
            }
        }));
    }

    private void Finish(long epoch)
    {
        if (Volatile.Read(ref _status) is { } status)
        {
            var now = time.GetUtcNow();
            Volatile.Write(ref _status, status with { Phase = JobPhase.Done, FinishedAt = status.FinishedAt ?? now, AsOf = now, Error = null });
        }

        cleanup.Start(epoch);
    }

    private async Task<RingRecord> RefreshAsync(CancellationToken cancellation)
    {
        await ring.RefreshAsync(cancellation);
        return ring.Topology.Record;
    }

    /// <summary>Applies <paramref name="change"/> to the newest record by compare-and-swap, reading again after a lost race.</summary>
    private async Task<RingRecord> ChangeAsync(Func<RingRecord, RingRecord> change)
    {
        while (true)
        {
            var next = change(await RefreshAsync(_driving.Stopping));
            if (await TryWriteAsync(next, _driving.Stopping))
            {
                return next;
            }
        }
    }

    private async Task<bool> TryWriteAsync(RingRecord next, CancellationToken cancellation)
    {
        if (!await store.TryWriteAsync(next, cancellation))
        {
            return false;
        }

        ring.Follow(next);
        return true;
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "{Driver} starts ring change: {Change} of {NodeId} (epoch {Epoch})")]
    private static partial void LogChangeStarted(ILogger logger, string driver, string change, string nodeId, long epoch);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "{Driver}: ring change settled at epoch {Epoch}")]
    private static partial void LogChangeFinished(ILogger logger, string driver, long epoch);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "{Driver}: a ring change step failed, retrying")]
    private static partial void LogChangeStepFailed(ILogger logger, Exception exception, string driver);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Debug, Message = "Ring change call to {NodeId} at epoch {Epoch} failed, retrying")]
    private static partial void LogBarrierRetry(ILogger logger, Exception exception, string nodeId, long epoch);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Warning, Message = "{NodeId} was decommissioned: its ranges have new owners; stopping the process")]
    private static partial void LogDecommissioned(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "{NodeId} could not join the ring yet; retrying")]
    private static partial void LogJoinFailed(ILogger logger, Exception exception, string nodeId);
}
