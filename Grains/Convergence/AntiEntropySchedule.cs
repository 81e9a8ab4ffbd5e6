using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Replica;
using OrleansKv.Jobs;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Starts repairs on their own: every <see cref="AntiEntropyOptions.Interval"/> (with up to 10%
/// jitter, so nodes do not all repair at once), and as soon as a peer is up when the node must be
/// repaired before it serves (back after more than the tombstone grace period, or its data lost).
/// </summary>
public sealed class AntiEntropySchedule(
    RepairService repairs, ReplicaReadiness liveness, ClusterView cluster, ILocalSiloDetails silo, IOptions<AntiEntropyOptions> options, TimeProvider time)
    : BackgroundService
{
    private static readonly TimeSpan RequiredRepairRetry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The need for a repair can arise after start (LostDataCheck runs in the silo's
            // start-up, which may come after this service's), so it is looked at every few seconds.
            var interval = options.Value.Interval;
            var next = time.GetUtcNow() + Jittered(interval);
            while (!stoppingToken.IsCancellationRequested)
            {
                await RepairIfRequiredAsync(stoppingToken);
                if (interval > TimeSpan.Zero && time.GetUtcNow() >= next)
                {
                    repairs.Start();
                    await repairs.Running.WaitAsync(stoppingToken);
                    next = time.GetUtcNow() + Jittered(interval);
                }

                await Task.Delay(RequiredRepairRetry, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static TimeSpan Jittered(TimeSpan interval) => interval + interval * (Random.Shared.NextDouble() * 0.1);

    private async Task RepairIfRequiredAsync(CancellationToken cancellation)
    {
        while (liveness.RepairRequired && !cancellation.IsCancellationRequested)
        {
            var state = cluster.Current;
            if (state.Ring.Nodes.Any(n => n != silo.Name && state.IsUp(n)))
            {
                repairs.Start();
                await repairs.Running.WaitAsync(cancellation);
                if (repairs.Status is { Phase: JobPhase.Done })
                {
                    return;
                }
            }

            await Task.Delay(RequiredRepairRetry, time, cancellation);
        }
    }
}
