using OrleansKv.Cluster;
using OrleansKv.Jobs;
using OrleansKv.Ring;
using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Execution;

/// <summary>
/// Ring changes from the shell: <c>decommission N</c> (node N drives its own leaving, then its
/// process exits) and <c>remove N</c> (the current node drives the removal of dead node N), and
/// the streaming progress <c>status</c> shows.
/// </summary>
public sealed partial class CommandExecutor
{
    /// <summary>Shown while a ring change runs: the driver's last report, about every <see cref="PollInterval"/>.</summary>
    public Action<JobProgress>? RingChangeProgress { get; set; }

    private async Task<CommandOutcome> DecommissionAsync(DecommissionCommand decommission, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var nodeId = NodeNames.Of(decommission.Node);
        var ring = await ReadRingAsync(cancellation);
        var member = ring.Nodes.FirstOrDefault(n => n.NodeId == nodeId);
        if (member is null)
        {
            return UnknownNode(decommission.Node, ring, CommandCatalog.Decommission);
        }

        if (!member.IsUp)
        {
            return new FailedOutcome(
                $"{nodeId} is down: a decommission streams from the node itself; 'remove {decommission.Node}' removes a dead node.");
        }

        var started = await BoundAsync(cluster.DecommissionAsync(nodeId), cancellation);
        var outcome = await WatchRingChangeAsync(started, nodeId, start, cancellation);
        if (outcome is RingChangeOutcome done && nodeId == CurrentNodeId && _lastRing?.Nodes.FirstOrDefault(n => n.IsUp && n.NodeId != nodeId) is { } next)
        {
            // The node the shell was on is gone for good: move to one that serves.
            CurrentNode = NodeNames.NumberOf(next.NodeId) ?? CurrentNode;
            return done with { SwitchedTo = next.NodeId };
        }

        return outcome;
    }

    private async Task<CommandOutcome> RemoveAsync(RemoveCommand remove, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var nodeId = NodeNames.Of(remove.Node);
        var ring = await ReadRingAsync(cancellation);
        if (ring.Nodes.All(n => n.NodeId != nodeId))
        {
            return UnknownNode(remove.Node, ring, CommandCatalog.Remove);
        }

        var driver = CurrentNodeId;
        var started = await BoundAsync(cluster.RemoveAsync(driver, nodeId), cancellation);
        return await WatchRingChangeAsync(started, driver, start, cancellation);
    }

    /// <summary>
    /// Follows a ring change until the record has its node removed and the change has settled.
    /// Progress comes from the driver; completion from the record as another node follows it,
    /// since a decommissioned node's process exits once its change has settled and stops
    /// answering. Each call is bounded, the watch only by Ctrl-C, which stops watching, not the change.
    /// </summary>
    private async Task<CommandOutcome> WatchRingChangeAsync(JobProgress started, string driver, long start, CancellationToken cancellation)
    {
        var progress = started;
        var askDriver = true;
        try
        {
            while (true)
            {
                if (askDriver)
                {
                    try
                    {
                        if (await BoundAsync(cluster.GetRingChangeAsync(driver), cancellation) is { } status && status.Epoch == started.Epoch)
                        {
                            progress = status;
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        askDriver = false; // Gone, or slow: the record and the ring below tell which.
                    }
                }

                var record = await ReadFromAnyAsync(cluster.GetRingRecordAsync, started.NodeId, cancellation);
                if (record.Member(started.NodeId) is null or { State: RingMemberState.Removed } && record.ChangeDriver != driver)
                {
                    await RefreshRingAfterChangeAsync(started.NodeId, cancellation);
                    return new RingChangeOutcome(started.NodeId, progress, driver, record.Epoch, time.GetElapsedTime(start));
                }

                if (!askDriver)
                {
                    var ring = await ReadRingAsync(started.NodeId, cancellation);
                    if (ring.Nodes.FirstOrDefault(n => n.NodeId == driver) is { } member)
                    {
                        if (!member.IsUp)
                        {
                            return DriverDown(started, driver, record);
                        }

                        askDriver = true; // Up but slow to answer: ask again.
                    }
                }

                RingChangeProgress?.Invoke(progress);
                await Task.Delay(PollInterval, time, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new FailedOutcome(
                $"stopped watching: the {started.KindName} of {started.NodeId} goes on; 'status {NodeNames.NumberOf(driver)}' shows its progress.");
        }
    }

    /// <summary>Reads the ring once more (from a node that stays) so completion and 'nodes' see it without the node.</summary>
    private async Task RefreshRingAfterChangeAsync(string leftNode, CancellationToken cancellation)
    {
        try
        {
            await ReadRingAsync(leftNode, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is done either way; the next command reads the ring again.
        }
    }

    private static FailedOutcome DriverDown(JobProgress started, string driver, RingRecord record)
    {
        var number = NodeNames.NumberOf(started.NodeId);
        var leaving = record.Member(started.NodeId)?.State == RingMemberState.Leaving;
        var what = driver == started.NodeId
            ? $"{driver} went down before its {started.KindName} finished"
            : $"{driver}, which drives the {started.KindName} of {started.NodeId}, went down before it finished";
        return new FailedOutcome(
            $"{what} (ring epoch {record.Epoch}).",
            [
                leaving
                    ? $"it resumes when {driver} is back; or 'remove {number}' from another node takes it over."
                    : $"it resumes when {driver} is back.",
            ]);
    }

    /// <summary>
    /// The ring change the status should show: the one running now, as its driver sums it;
    /// otherwise the newer of the last one <paramref name="nodeId"/> drove and the last one it
    /// streamed for (a node that drove its own join long ago may since have received ranges in
    /// a decommission). Null when there is none or the nodes did not say (a status shows what it can).
    /// </summary>
    private async Task<JobProgress?> TryReadStreamingAsync(string nodeId, RingDescription? ring, CancellationToken cancellation)
    {
        try
        {
            var record = await BoundAsync(cluster.GetRingRecordAsync(nodeId), cancellation);
            if (record.ChangeDriver is { } driver
                && ring?.Nodes.Any(n => n.NodeId == driver && !n.IsUp) != true
                && await BoundAsync(cluster.GetRingChangeAsync(driver), cancellation) is { } running)
            {
                return running;
            }

            JobProgress?[] last =
            [
                await BoundAsync(cluster.GetRingChangeAsync(nodeId), cancellation),
                await BoundAsync(cluster.GetStreamingAsync(nodeId), cancellation),
            ];
            return last.OfType<JobProgress>().MaxBy(s => s.Epoch); // On a tie, the driver's sum over every receiver.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
