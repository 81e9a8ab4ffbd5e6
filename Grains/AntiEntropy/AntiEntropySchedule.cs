using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Tombstones;
using OrleansKv.Repair;

namespace OrleansKv.Grains.AntiEntropy;

/// <summary>
/// Starts repairs on their own: every <see cref="AntiEntropyOptions.Interval"/> (with up to 10%
/// jitter, so nodes do not all repair at once), and as soon as a peer is up when the node came
/// back after more than the tombstone grace period and must be repaired before it serves.
/// </summary>
public sealed class AntiEntropySchedule(
    RepairService repairs, NodeLiveness liveness, ClusterView cluster, ILocalSiloDetails silo, IOptions<AntiEntropyOptions> options, TimeProvider time)
    : BackgroundService
{
    private static readonly TimeSpan RequiredRepairRetry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RepairIfRequiredAsync(stoppingToken);
            var interval = options.Value.Interval;
            while (interval > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval + interval * (Random.Shared.NextDouble() * 0.1), time, stoppingToken);
                repairs.Start();
                await repairs.Running.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RepairIfRequiredAsync(CancellationToken cancellation)
    {
        while (liveness.RepairRequired && !cancellation.IsCancellationRequested)
        {
            var state = cluster.Current;
            if (state.Ring.Nodes.Any(n => n != silo.Name && state.IsUp(n)))
            {
                repairs.Start();
                await repairs.Running.WaitAsync(cancellation);
                if (repairs.Status is { State: RepairState.Done })
                {
                    return;
                }
            }

            await Task.Delay(RequiredRepairRetry, time, cancellation);
        }
    }
}
