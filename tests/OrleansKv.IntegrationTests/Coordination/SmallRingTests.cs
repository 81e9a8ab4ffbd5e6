using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Coordination;

/// <summary>A ring with fewer nodes than the replication factor never acknowledges fewer copies than a level promises.</summary>
public sealed class SmallRingTests
{
    [Fact]
    public async Task On_two_nodes_with_replication_factor_three_all_is_refused_and_quorum_needs_both()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(2, replicationFactor: 3);

        var quorum = await cluster.Coordinator("node1").PutAsync("small", [1], ConsistencyLevel.Quorum);
        var one = await cluster.Coordinator("node2").GetAsync("small", ConsistencyLevel.One);
        var all = await Assert.ThrowsAsync<ConsistencyNotMetException>(
            () => cluster.Coordinator("node1").PutAsync("small", [2], ConsistencyLevel.All));
        var allRead = await Assert.ThrowsAsync<ConsistencyNotMetException>(
            () => cluster.Coordinator("node2").GetAsync("small", ConsistencyLevel.All));

        Assert.Equal(2, quorum.AcknowledgedBy.Length);
        Assert.Equal([1], one.Value);
        Assert.Equal(3, all.RequiredReplicas);
        Assert.Equal(0, all.AttemptedReplicas);
        Assert.Equal(3, allRead.RequiredReplicas);
        Assert.Equal([1], (await cluster.Coordinator("node2").GetAsync("small", ConsistencyLevel.Quorum)).Value);
    }
}
