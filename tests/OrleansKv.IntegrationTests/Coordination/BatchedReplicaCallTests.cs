using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Consistency;
using OrleansKv.Grains.Replica;

namespace OrleansKv.IntegrationTests.Coordination;

/// <summary>With replica batching on, concurrent requests travel in batch messages and stay correct.</summary>
public sealed class BatchedReplicaCallTests
{
    private static Task<KeyValueTestCluster> StartAsync() =>
        KeyValueTestCluster.StartAsync(3, configure: silo => silo.Services.Configure<ReplicationOptions>(o =>
        {
            o.MaxBatchSize = 64;
            o.MaxBatchesInFlightPerNode = 1;
            // Correctness of batching, not timeouts: a cold cluster on a busy 2-core machine can
            // take over the default 1 s to answer the first burst of 400 requests at `all`.
            o.ReplicaTimeout = TimeSpan.FromSeconds(10);
        }));

    [Fact]
    public async Task Many_concurrent_writes_and_reads_through_batches_all_land_on_every_replica()
    {
        await using var cluster = await StartAsync();
        var keys = Enumerable.Range(0, 400).Select(i => $"batched/{i}").ToArray();

        await Task.WhenAll(keys.Select((k, i) => cluster.Coordinator($"node{i % 3 + 1}").PutAsync(k, BitConverter.GetBytes(i), ConsistencyLevel.All)));
        var reads = await Task.WhenAll(keys.Select(k => cluster.Coordinator("node2").GetAsync(k, ConsistencyLevel.All)));

        Assert.All(reads.Select((r, i) => (r, i)), x => Assert.Equal(x.i, BitConverter.ToInt32(x.r.Value)));
        foreach (var node in cluster.NodeIds)
        {
            Assert.Equal(keys.Length, (await cluster.NodeInfo(node).GetStatsAsync(0)).LiveKeys);
        }
    }

    [Fact]
    public async Task Batched_quorum_writes_succeed_with_a_node_down()
    {
        await using var cluster = await StartAsync();
        await cluster.StopNodeAsync("node3");

        var writes = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => cluster.Coordinator("node1").PutAsync($"batched-down/{i}", [1], ConsistencyLevel.Quorum)));

        Assert.All(writes, w => Assert.Equal(["node1", "node2"], w.AcknowledgedBy.Order().ToArray()));
    }
}
