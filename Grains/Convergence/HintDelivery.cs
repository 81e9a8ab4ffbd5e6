using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Delivers this node's hints to their targets when they are up: on every membership change
/// and every <see cref="HintedHandoffOptions.RetryInterval"/>. Per target, oldest first, one
/// batch in flight at a time, at most <see cref="HintedHandoffOptions.MaxConcurrentTargets"/>
/// targets at once. A delivered hint is deleted; delivery is idempotent because the target
/// keeps the newest version of each key (last writer wins). Hints older than the hint window
/// are dropped and counted, delivered or not, and so are hints for a node removed from the ring.
/// </summary>
public sealed partial class HintDelivery(
    HintStore store,
    ReplicaDirectory replicas,
    ClusterView cluster,
    IClusterMembershipService membership,
    IOptions<HintedHandoffOptions> options,
    TimeProvider time,
    ILogger<HintDelivery> logger) : BackgroundService
{
    private readonly HintedHandoffOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watching = WakeOnMembershipChangesAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DeliverPendingAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The next pass, on the next wake-up or retry interval, tries again.
                    LogDeliveryPassFailed(logger, ex);
                }

                await _wake.WaitAsync(_options.RetryInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await watching;
        }
    }

    /// <summary>One pass over every target with hints.</summary>
    public async Task DeliverPendingAsync(CancellationToken cancellation)
    {
        var targets = store.PendingByNode().Select(c => c.NodeId).ToArray();
        if (targets.Length == 0)
        {
            return;
        }

        var state = cluster.Current;
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentTargets, CancellationToken = cancellation },
            async (target, ct) => await DeliverToAsync(target, state.IsUp(target), state.Topology.StateOf(target) == RingMemberState.Removed, ct));
    }

    /// <param name="removed">The target left the ring for good: its hints are dropped (its ranges' new owners streamed them).</param>
    private async Task DeliverToAsync(string target, bool up, bool removed, CancellationToken cancellation)
    {
        long delivered = 0, dropped = 0;
        while (!cancellation.IsCancellationRequested)
        {
            var batch = store.Oldest(target, _options.DeliveryBatchSize);
            if (batch.Count == 0)
            {
                break;
            }

            var cutoff = (time.GetUtcNow() - _options.MaxHintWindow).ToUnixTimeMilliseconds();
            var expired = removed ? batch : batch.Where(h => h.CreatedAt < cutoff).ToList();
            if (expired.Count > 0)
            {
                store.Drop(expired);
                dropped += expired.Count;
                continue;
            }

            if (!up)
            {
                break;
            }

            // One span per batch sent, none for a pass that sends nothing (a target still down).
            using var activity = KvTracing.StartBackground(KvTracing.HintDelivery);
            activity?.SetTag("kv.replica", target).SetTag("kv.hints", batch.Count);
            try
            {
                var writes = batch.Select(h => new ReplicaWrite(h.Key, h.Value)).ToArray();
                await replicas.For(target).ApplyBatchAsync(writes).AsTask().WaitAsync(_options.DeliveryTimeout, cancellation);
                store.MarkDelivered(batch);
                delivered += batch.Count;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                KvTracing.Failed(activity, ex, RequestOutcome.Of(ex));
                LogDeliveryFailed(logger, ex, target);
                break;
            }
        }

        if (delivered > 0 || dropped > 0)
        {
            LogDelivered(logger, delivered, target, dropped);
        }
    }

    private async Task WakeOnMembershipChangesAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(cancellation))
            {
                if (_wake.CurrentCount == 0)
                {
                    try
                    {
                        _wake.Release();
                    }
                    catch (SemaphoreFullException)
                    {
                        // Already awake.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            LogWatchFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Delivered {Delivered} hints to {Target} ({Dropped} expired hints dropped)")]
    private static partial void LogDelivered(ILogger logger, long delivered, string target, long dropped);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Hint delivery to {Target} failed, will retry")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string target);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "A hint delivery pass failed")]
    private static partial void LogDeliveryPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Hint delivery stopped watching membership changes; it goes on every retry interval")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
