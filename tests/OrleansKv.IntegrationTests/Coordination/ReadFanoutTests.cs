using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Consistency;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Telemetry;

namespace OrleansKv.IntegrationTests.Coordination;

/// <summary>
/// The default read fan-out (<see cref="ReadFanout.OneAtOne"/>): which replicas a read calls,
/// counted from the coordinator's own replica-call metric. Only this cluster's meters are
/// counted: other test classes run clusters in the same process at the same time, and their
/// nodes are also named node1..node3.
/// </summary>
public sealed class ReadFanoutTests
{
    private static Task<KeyValueTestCluster> StartAsync(double backgroundChance) =>
        KeyValueTestCluster.StartAsync(3, configure: silo => silo.Services.Configure<ReadRepairOptions>(o => o.BackgroundChance = backgroundChance));

    [Fact]
    public async Task By_default_a_read_at_one_calls_only_this_node_and_a_quorum_read_calls_every_replica()
    {
        await using var cluster = await StartAsync(backgroundChance: 0);
        await cluster.Coordinator("node2").PutAsync("fanout", [1], ConsistencyLevel.All);
        using var calls = new ReplicaReadCalls(cluster);

        for (var i = 0; i < 20; i++)
        {
            var read = await cluster.Coordinator("node2").GetAsync("fanout", ConsistencyLevel.One);
            Assert.Equal([1], read.Value);
        }

        Assert.Equal(20, calls.To("node2"));
        Assert.Equal(0, calls.To("node1") + calls.To("node3"));

        await cluster.Coordinator("node2").GetAsync("fanout", ConsistencyLevel.Quorum);
        await Poll.UntilAsync(() => Task.FromResult(calls.To("node1") == 1 && calls.To("node3") == 1), "the quorum read's calls to the other replicas");
    }

    [Fact]
    public async Task A_sampled_read_at_one_calls_every_replica_so_that_read_repair_can_compare_them()
    {
        await using var cluster = await StartAsync(backgroundChance: 1);
        await cluster.Coordinator("node2").PutAsync("sampled", [1], ConsistencyLevel.All);
        using var calls = new ReplicaReadCalls(cluster);

        await cluster.Coordinator("node2").GetAsync("sampled", ConsistencyLevel.One);

        await Poll.UntilAsync(() => Task.FromResult(calls.To("node1") == 1 && calls.To("node3") == 1), "the sampled read's calls to the other replicas");
    }

    /// <summary>Counts finished replica read calls by target node, from the kv.replica.calls counter.</summary>
    private sealed class ReplicaReadCalls : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, int> _byNode = new();

        public ReplicaReadCalls(KeyValueTestCluster cluster)
        {
            var meters = cluster.NodeIds.Select(node => cluster.Service<KvMetrics>(node).Meter).ToHashSet();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (meters.Contains(instrument.Meter) && instrument.Name == "kv.replica.calls")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? node = null, operation = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "node")
                    {
                        node = tag.Value as string;
                    }
                    else if (tag.Key == "operation")
                    {
                        operation = tag.Value as string;
                    }
                }

                if (operation == RequestOperation.Read && node is not null)
                {
                    _byNode.AddOrUpdate(node, 1, (_, n) => n + 1);
                }
            });
            _listener.Start();
        }

        public int To(string node) => _byNode.GetValueOrDefault(node);

        public void Dispose() => _listener.Dispose();
    }
}
