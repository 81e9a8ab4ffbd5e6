using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;

namespace OrleansKv.Grains.Telemetry;

/// <summary>
/// Observable gauges read at each scrape: keys and bytes this node stores, and the ring as
/// this node sees it. Registered when the node starts, so they show before the first request.
/// </summary>
public sealed class NodeStateGauges(KvMetrics metrics, IKeyValueStore store, ClusterView cluster, ClockFence clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge(
            "kv.store.keys",
            () => new[]
            {
                new Measurement<long>(store.LiveKeyCount, new KeyValuePair<string, object?>("kind", "live")),
                new Measurement<long>(store.TombstoneCount, new KeyValuePair<string, object?>("kind", "tombstone")),
            },
            description: "Keys stored on this node: live values and tombstones (delete markers).");
        meter.CreateObservableGauge(
            "kv.store.size", () => DirectorySize(store.Location), "By",
            "Bytes on disk of this node's store (RocksDB files: tables, write-ahead log, manifest).");
        meter.CreateObservableGauge(
            "kv.ring.nodes",
            () =>
            {
                var state = cluster.Current;
                var up = state.Ring.Nodes.Count(state.IsUp);
                return new[]
                {
                    new Measurement<int>(up, new KeyValuePair<string, object?>("state", "up")),
                    new Measurement<int>(state.Ring.Nodes.Count - up, new KeyValuePair<string, object?>("state", "down")),
                };
            },
            description: "Ring members as this node sees them, up and down.");
        meter.CreateObservableGauge(
            "kv.ring.epoch", () => cluster.Current.MembershipVersion,
            description: "The membership version this node's ring was built from; it grows with every join, leave or failure.");
        meter.CreateObservableGauge(
            "kv.clock.offset",
            () => clock.Status.Offsets.Select(o => new Measurement<double>(o.OffsetMs / 1000, new KeyValuePair<string, object?>("peer", o.NodeId))),
            "s", "Each peer's clock minus this node's, estimated from the reading with the smallest round trip in the window.");
        meter.CreateObservableGauge(
            "kv.clock.state", () => (int)clock.Status.State,
            description: "This node's clock state: 0 ok, 1 suspect (no majority tells whose clock is wrong), 2 fenced (a majority disagrees; the node serves nothing).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // File lengths come with the directory listing (no stat per file); RocksDB may delete a
    // file mid-walk, which only makes this one reading a little low.
    private static long DirectorySize(string path)
    {
        try
        {
            return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
