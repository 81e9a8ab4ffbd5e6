using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Placement;

public sealed class NodePinnedPlacementTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    [Fact]
    public async Task Each_node_storage_grain_lives_on_the_silo_of_that_name()
    {
        foreach (var silo in fixture.Cluster.Cluster.Silos)
        {
            var details = silo.ServiceProvider.GetRequiredService<ILocalSiloDetails>();

            var stats = await fixture.Cluster.NodeInfo(details.Name).GetStatsAsync(0);

            Assert.Equal(details.Name, stats.NodeId);
            Assert.Equal(details.SiloAddress.ToString(), stats.SiloAddress);
        }
    }

    [Fact]
    public async Task A_grain_for_a_node_that_does_not_exist_fails_at_once_with_our_exception()
    {
        // Warm the path once (JIT, first placement), so the timing below is placement alone:
        // Orleans retries its own transient placement errors for ~0.5 s; ours must not be retried.
        await Assert.ThrowsAsync<NodeUnavailableException>(() => fixture.Cluster.Storage("node8").ReadAsync("k").AsTask());
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<NodeUnavailableException>(() => fixture.Cluster.Storage("node9").ReadAsync("k").AsTask());

        Assert.Equal("node9", error.NodeId);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMilliseconds(400), "placement failure should not be retried");
    }

    [Fact]
    public async Task A_node_reports_live_keys_and_a_sample_of_them()
    {
        var coordinator = fixture.Cluster.Coordinator("node1");
        await coordinator.PutAsync("stats/a", [1], Consistency.ConsistencyLevel.All);

        var stats = await fixture.Cluster.NodeInfo("node2").GetStatsAsync(1000);

        Assert.Contains("stats/a", stats.SampleKeys);
        Assert.True(stats.LiveKeys >= 1);
        Assert.Equal(Environment.ProcessId, stats.ProcessId);
    }

    [Fact]
    public async Task The_ring_lists_every_node_as_up_with_shares_that_sum_to_one()
    {
        var ring = await fixture.Cluster.Coordinator("node3").GetRingAsync();

        Assert.Equal(["node1", "node2", "node3"], ring.Nodes.Select(n => n.NodeId).ToArray());
        Assert.All(ring.Nodes, n => Assert.True(n.IsUp));
        Assert.All(ring.Nodes, n => Assert.Equal(256, n.Tokens));
        Assert.Equal(1.0, ring.Nodes.Sum(n => n.Share), 6);
        Assert.Equal(3, ring.ReplicationFactor);
    }
}
