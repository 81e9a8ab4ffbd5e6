using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Consistency;
using OrleansKv.Grains.Replica;

namespace OrleansKv.IntegrationTests.Coordination;

/// <summary>ReadFanout.Required: reads ask only as many replicas as the level needs, this node first.</summary>
public sealed class TargetedReadTests
{
    private static Task<KeyValueTestCluster> StartAsync() =>
        KeyValueTestCluster.StartAsync(3, configure: silo => silo.Services.Configure<ExperimentalReplicationOptions>(o => o.ReadFanout = ReadFanout.Required));

    [Fact]
    public async Task A_read_asks_only_the_required_replicas_starting_with_this_node()
    {
        await using var cluster = await StartAsync();
        await cluster.Coordinator("node2").PutAsync("targeted", [1], ConsistencyLevel.All);

        var one = await cluster.Coordinator("node2").GetAsync("targeted", ConsistencyLevel.One);
        var quorum = await cluster.Coordinator("node3").GetAsync("targeted", ConsistencyLevel.Quorum);

        Assert.Equal(["node2"], one.SourceNodes);
        Assert.Equal(2, quorum.SourceNodes.Length);
        Assert.Contains("node3", quorum.SourceNodes);
        Assert.Equal([1], quorum.Value);
    }

    [Fact]
    public async Task A_targeted_read_still_succeeds_at_quorum_with_a_node_down()
    {
        await using var cluster = await StartAsync();
        await cluster.Coordinator("node1").PutAsync("targeted-down", [7], ConsistencyLevel.All);
        await cluster.StopNodeAsync("node2");

        var read = await cluster.Coordinator("node1").GetAsync("targeted-down", ConsistencyLevel.Quorum);

        Assert.Equal([7], read.Value);
        Assert.Equal(["node1", "node3"], read.SourceNodes.Order().ToArray());
    }
}
