using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// Drops the data of ranges this node no longer replicates, once a ring change has settled: the
/// driver asks every node after all of them follow the settled epoch (nobody reads from the old
/// owners any more), and a node that was down during the change does it when it starts. Each
/// key goes by a conditional remove of the version scanned, so a write that raced in is kept.
/// One cleanup at a time; one stopped with the node is done again when it next starts.
/// </summary>
public sealed partial class OwnershipCleanup(IKeyValueStore store, ClusterView cluster, ILocalSiloDetails silo, ILogger<OwnershipCleanup> logger)
    : IHostedService
{
    private readonly JobRunner _runner = new("ownership cleanup", ex => LogCleanupFailed(logger, silo.Name, ex));
    private long _cleanedEpoch = -1;

    /// <summary>Runs a cleanup in the background if the ring is settled at <paramref name="epoch"/> or later and this node has not cleaned that epoch.</summary>
    public void Start(long epoch) => _runner.Trigger(cancellation => CleanAsync(epoch, cancellation));

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _runner.StopAsync(cancellationToken);

    private async Task CleanAsync(long epoch, CancellationToken cancellation)
    {
        var topology = cluster.Current.Topology;
        if (!topology.Settled || topology.Epoch < epoch || topology.Epoch <= _cleanedEpoch || topology.Current.Nodes.Count == 0)
        {
            return;
        }

        if (!topology.Current.Nodes.Contains(silo.Name))
        {
            // Not an owner (leaving for good, or not joined yet): keep the data; the process is about to stop.
            return;
        }

        try
        {
            long dropped = 0;
            foreach (var range in RangeMovements.NotReplicatedBy(topology.Current, silo.Name, cluster.ReplicationFactor))
            {
                foreach (var entry in store.Scan(range))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (await store.RemoveIfAsync(entry.Key, entry.Value.Version))
                    {
                        dropped++;
                    }
                }
            }

            _cleanedEpoch = topology.Epoch;
            LogCleaned(logger, silo.Name, topology.Epoch, dropped);
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            LogCleanupFailed(logger, silo.Name, ex);
        }
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "{NodeId} dropped {Keys} keys of ranges it no longer replicates (ring epoch {Epoch})")]
    private static partial void LogCleaned(ILogger logger, string nodeId, long epoch, long keys);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "{NodeId} could not drop the ranges it no longer replicates; the next settled epoch tries again")]
    private static partial void LogCleanupFailed(ILogger logger, string nodeId, Exception exception);
}
