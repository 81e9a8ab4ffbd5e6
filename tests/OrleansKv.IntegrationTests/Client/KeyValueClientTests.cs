using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Client;
using OrleansKv.Client.Hosting;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Client;

public sealed record Cart(string Owner, int Items, string[] Tags);

[JsonSerializable(typeof(Cart))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

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
        var text = await client.GetAsync<string>("greeting", new ReadOptions { Level = ConsistencyLevel.Quorum });
        await client.DeleteAsync("greeting");

        Assert.Equal("node2", put.CoordinatorNode);
        Assert.Equal("hello, world", text);
        Assert.Null(await client.GetAsync<string>("greeting", new ReadOptions { Level = ConsistencyLevel.All }));
    }

    [Fact]
    public async Task A_typed_value_round_trips_through_source_generated_json_and_is_stored_as_a_json_document()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        var client = new KeyValueClient(cluster.Client, ["node1"]);
        var cart = new Cart("zoë", 3, ["gift", "日本"]);

        await client.PutAsync("cart:1", cart, TestJsonContext.Default.Cart);
        var entry = await client.GetEntryAsync("cart:1", TestJsonContext.Default.Cart, new ReadOptions { Level = ConsistencyLevel.Quorum });
        var stored = await cluster.Coordinator("node2").GetAsync("cart:1", ConsistencyLevel.Quorum);

        Assert.NotNull(entry);
        Assert.Equal(cart.Owner, entry.Value.Owner);
        Assert.Equal(cart.Tags, entry.Value.Tags);
        Assert.Null(entry.ExpiresAt);
        using var document = JsonDocument.Parse(stored.Value);
        Assert.Equal("zoë", document.RootElement.GetProperty("Owner").GetString());
    }

    [Fact]
    public async Task A_value_that_is_not_json_is_refused_before_it_is_sent()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(1, replicationFactor: 1);
        var client = new KeyValueClient(cluster.Client, ["node1"]);

        await Assert.ThrowsAsync<ArgumentException>(() => client.PutJsonAsync("k", "not json"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutJsonAsync("k", "1 2"u8.ToArray()));
    }

    [Fact]
    public async Task The_client_moves_to_the_next_coordinator_when_one_node_is_down()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node1");
        var client = new KeyValueClient(cluster.Client, ["node1", "node3"]);

        var put = await client.PutAsync("failover", "v");

        Assert.Equal("node3", put.CoordinatorNode);
        Assert.Equal("v", await client.GetAsync<string>("failover"));
    }

    [Fact]
    public async Task A_client_pinned_to_a_down_node_reports_it_as_unavailable()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node1");
        var client = new KeyValueClient(cluster.Client, ["node2"]).ForNode("node1");

        await Assert.ThrowsAsync<NodeUnavailableException>(() => client.ReadAsync("x"));
    }

    [Fact]
    public async Task A_cancelled_call_throws_operation_cancelled_and_an_exhausted_timeout_throws_timeout()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(1, replicationFactor: 1);
        var client = new KeyValueClient(cluster.Client, ["node1"]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadAsync("k", cancellationToken: cancelled.Token));
        await Assert.ThrowsAsync<TimeoutException>(() => client.ReadAsync("k", new ReadOptions { Timeout = TimeSpan.FromTicks(1) }));
    }
}
