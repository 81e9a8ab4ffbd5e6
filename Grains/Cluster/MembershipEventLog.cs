using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansKv.Grains.Cluster;

/// <summary>
/// Writes one Information line per node lifecycle event this node sees: joined, leaving, left,
/// marked down (declared dead without leaving), back up. Each snapshot is compared by node name
/// with the previous one (recomputed, never patched), so a missed update cannot leave a stale state behind.
/// </summary>
public sealed partial class MembershipEventLog(IClusterMembershipService membership, ILogger<MembershipEventLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previous = new Dictionary<string, NodeLifecycle>(StringComparer.Ordinal);
        var everActive = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var current = NodeLifecycle.ByName(snapshot);
                foreach (var (nodeId, now) in current)
                {
                    Report(nodeId, previous.GetValueOrDefault(nodeId), now, everActive);
                }

                previous = current;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    private void Report(string nodeId, NodeLifecycle? before, NodeLifecycle now, HashSet<string> everActive)
    {
        var was = before?.Status;
        if (now.Status == SiloStatus.Active && was != SiloStatus.Active)
        {
            if (everActive.Add(nodeId))
            {
                LogNodeJoined(logger, nodeId, now.Address);
            }
            else
            {
                LogNodeBackUp(logger, nodeId, now.Address);
            }
        }
        else if (was == SiloStatus.Active && now.Status is SiloStatus.ShuttingDown or SiloStatus.Stopping)
        {
            LogNodeLeaving(logger, nodeId, now.Address);
        }
        else if (was == SiloStatus.Active && now.Status == SiloStatus.Dead)
        {
            LogNodeMarkedDown(logger, nodeId, now.Address);
        }
        else if (was is SiloStatus.ShuttingDown or SiloStatus.Stopping && now.Status == SiloStatus.Dead)
        {
            LogNodeLeft(logger, nodeId, now.Address);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Node {NodeId} joined the cluster at {Address}")]
    private static partial void LogNodeJoined(ILogger logger, string nodeId, SiloAddress address);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Node {NodeId} marked down ({Address} declared dead)")]
    private static partial void LogNodeMarkedDown(ILogger logger, string nodeId, SiloAddress address);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Node {NodeId} back up at {Address}")]
    private static partial void LogNodeBackUp(ILogger logger, string nodeId, SiloAddress address);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Node {NodeId} leaving the cluster ({Address} shutting down)")]
    private static partial void LogNodeLeaving(ILogger logger, string nodeId, SiloAddress address);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Node {NodeId} left the cluster ({Address} stopped)")]
    private static partial void LogNodeLeft(ILogger logger, string nodeId, SiloAddress address);
}
