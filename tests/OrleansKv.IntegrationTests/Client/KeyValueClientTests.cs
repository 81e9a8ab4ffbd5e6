using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Client;

public sealed class KeyValueClientTests
{
    [Fact]
    public async Task The_client_from_dependency_injection_stores_and_reads_text_and_deletes_it()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        var services = new ServiceCollection()
            .AddSingleton<IGrainFactory>(cluster.Client)
            .AddKeyValueClient(o => o.CoordinatorNodes = ["node2"])
            .BuildServiceProvider();
        var client = services.GetRequiredService<KeyValueClient>();

        var put = await client.PutAsync("greeting", "hello, world");
        var text = await client.GetStringAsync("greeting", ConsistencyLevel.Quorum);
        await client.DeleteAsync("greeting");

        Assert.Equal("node2", put.CoordinatorNode);
        Assert.Equal("hello, world", text);
        Assert.Null(await client.GetStringAsync("greeting", ConsistencyLevel.All));
    }

    [Fact]
    public async Task The_client_moves_to_the_next_coordinator_when_one_node_is_down()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node1");
        var client = new KeyValueClient(cluster.Client, ["node1", "node3"]);

        var put = await client.PutAsync("failover", "v");

        Assert.Equal("node3", put.CoordinatorNode);
        Assert.Equal("v", await client.GetStringAsync("failover"));
    }

    [Fact]
    public async Task A_client_pinned_to_a_down_node_reports_it_as_unavailable()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node1");
        var client = new KeyValueClient(cluster.Client, ["node2"]).ForNode("node1");

        await Assert.ThrowsAsync<NodeUnavailableException>(() => client.GetAsync("x"));
    }
}
