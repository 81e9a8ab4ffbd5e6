using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Telemetry;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// How this node helps replicas converge, read at each scrape from the components' own counters:
/// hints pending per target, hints delivered and dropped, read repairs, tombstones purged, and
/// the running or last anti-entropy repair.
/// </summary>
public sealed class ConvergenceGauges(
    KvMetrics metrics, HintStore hints, ReadRepair readRepair, TombstoneCollector tombstones, RepairService repairs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge(
            "kv.hints.pending",
            () => hints.PendingByNode().Select(h => new Measurement<long>(h.Count, new KeyValuePair<string, object?>("node", h.NodeId))),
            description: "Hints this node holds for replicas that missed writes, by target node.");
        meter.CreateObservableCounter("kv.hints.delivered", () => hints.Delivered, description: "Hints delivered to their target since the node started.");
        meter.CreateObservableCounter("kv.hints.dropped", () => hints.Dropped, description: "Hints dropped since the node started: older than the hint window.");
        meter.CreateObservableCounter("kv.read_repairs", () => readRepair.Repairs, description: "Stale replicas this node's coordinator repaired since it started.");
        meter.CreateObservableCounter("kv.tombstones.purged", () => tombstones.Purged, description: "Tombstones older than the grace period purged since the node started.");
        meter.CreateObservableGauge(
            "kv.repair.ranges",
            () => repairs.Status is { } s
                ? new[]
                {
                    new Measurement<int>(s.RangesTotal, new KeyValuePair<string, object?>("kind", "total")),
                    new Measurement<int>(s.RangesDone, new KeyValuePair<string, object?>("kind", "done")),
                }
                : [],
            description: "Token ranges of the running or last anti-entropy repair of this node: total and compared so far.");
        meter.CreateObservableGauge(
            "kv.repair.keys",
            () => repairs.Status is { } s
                ? new[]
                {
                    new Measurement<long>(s.KeysSent, new KeyValuePair<string, object?>("direction", "sent")),
                    new Measurement<long>(s.KeysReceived, new KeyValuePair<string, object?>("direction", "received")),
                }
                : [],
            description: "Keys exchanged by the running or last anti-entropy repair of this node.");
        meter.CreateObservableGauge(
            "kv.repair.bytes",
            () => repairs.Status is { } s
                ? new[]
                {
                    new Measurement<long>(s.BytesSent, new KeyValuePair<string, object?>("direction", "sent")),
                    new Measurement<long>(s.BytesReceived, new KeyValuePair<string, object?>("direction", "received")),
                }
                : [],
            "By", "Bytes of hashes, digests and values moved by the running or last anti-entropy repair of this node.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
