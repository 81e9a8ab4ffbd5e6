using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;
using OrleansKv.Errors;
using OrleansKv.Grains.Placement;

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
        // Orleans retries a placement that failed with one of its own exception types (about half
        // a second, several attempts); ours must end the call on the first. Counted, not timed.
        var placements = new PlacementCount();
        await using var cluster = await KeyValueTestCluster.StartAsync(1, replicationFactor: 1, silo =>
        {
            silo.Services.AddSingleton(placements);
            silo.AddPlacementDirector<NodePinnedPlacement, CountingPlacementDirector>();
        });

        var error = await Assert.ThrowsAsync<NodeUnavailableException>(() => cluster.Storage("node9").ReadAsync("k").AsTask());

        Assert.Equal("node9", error.NodeId);
        Assert.Equal(1, placements.Of("node9"));
        // The count sees Orleans' retries: an Orleans exception from the same director is retried (4 attempts seen).
        await Assert.ThrowsAsync<OrleansException>(() => cluster.Storage(CountingPlacementDirector.TransientKey).ReadAsync("k").AsTask());
        Assert.True(placements.Of(CountingPlacementDirector.TransientKey) > 1, "an Orleans placement exception was not retried: the count cannot tell");
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

/// <summary>How often placement was asked for each grain key.</summary>
internal sealed class PlacementCount
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Add(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Of(string key) => _counts.GetValueOrDefault(key);
}

/// <summary>
/// The node-pinned placement director, counting how often it is asked; for the key
/// <see cref="TransientKey"/> it fails as the director must not, with an Orleans exception.
/// </summary>
internal sealed class CountingPlacementDirector(IClusterMembershipService membership, PlacementCount count) : IPlacementDirector
{
    public const string TransientKey = "transient";

    private readonly NodePinnedPlacementDirector _inner = new(membership);

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        count.Add(target.GrainIdentity.Key.ToString()!);
        return target.GrainIdentity.Key.ToString() == TransientKey
            ? Task.FromException<SiloAddress>(new OrleansException("a transient placement failure"))
            : _inner.OnAddActivation(strategy, target, context);
    }
}
