using System.Text.Json;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.TestSupport.Workloads;

namespace OrleansKv.IntegrationTests.Client;

/// <summary>The client's conditional writes and read-modify-write, on a shared 3-node cluster.</summary>
public sealed class ConditionalClientTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private KeyValueClient Client(params string[] coordinators) =>
        new(fixture.Cluster.Client, coordinators.Length == 0 ? fixture.Cluster.NodeIds : coordinators);

    private static string Key() => "client-cas/" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Put_if_absent_and_compare_and_set_return_the_current_entry_when_the_condition_fails()
    {
        var client = Client();
        var key = Key();

        var created = await client.PutIfAbsentAsync(key, new Cart("ann", 1, []), TestJsonContext.Default.Cart);
        var taken = await client.PutIfAbsentAsync(key, new Cart("bob", 9, []), TestJsonContext.Default.Cart);
        var swapped = await client.CompareAndSetAsync(key, created.Write!.Version, new Cart("ann", 2, ["x"]), TestJsonContext.Default.Cart);
        var stale = await client.CompareAndSetAsync(key, created.Write.Version, new Cart("eve", 0, []), TestJsonContext.Default.Cart);

        Assert.True(created.Applied);
        Assert.Equal(ConsistencyLevel.Serial, created.Write.Level);
        Assert.False(taken.Applied);
        Assert.Equal("ann", taken.Current!.Value.Owner);
        Assert.Equal(created.Write.Version, taken.Current.Version);
        Assert.True(swapped.Applied);
        Assert.False(stale.Applied);
        Assert.Equal(2, stale.Current!.Value.Items);
        Assert.Equal(swapped.Write!.Version, stale.Current.Version);
    }

    [Fact]
    public async Task Delete_if_applies_on_the_current_version_only()
    {
        var client = Client();
        var key = Key();
        var first = await client.PutIfAbsentAsync(key, "v1", TestJsonStrings.Default.String);
        var second = await client.CompareAndSetAsync(key, first.Write!.Version, "v2", TestJsonStrings.Default.String);

        var stale = await client.DeleteIfAsync(key, first.Write.Version);
        var deleted = await client.DeleteIfAsync(key, second.Write!.Version);

        Assert.False(stale.Applied);
        Assert.Equal("v2", stale.Current!.Value.GetString());
        Assert.True(deleted.Applied);
        Assert.Null(await client.GetAsync(key, TestJsonStrings.Default.String, new ReadOptions { Level = ConsistencyLevel.Serial }));
        Assert.False((await client.DeleteIfAsync(key, second.Write.Version)).Applied);
    }

    [Fact]
    public async Task Eight_clients_incrementing_one_counter_through_different_coordinators_lose_no_increment()
    {
        var key = Key();
        const int Clients = 8;
        const int Increments = 250;
        var counter = new SharedCounter(key, (c, i) => c % 3 == 0 ? Client() : Client(fixture.Cluster.NodeIds[c % fixture.Cluster.NodeIds.Count]));

        var outcomes = await counter.RunAsync(Clients, Increments);

        var final = await Client().GetAsync(key, CounterJson.Default.Counter, new ReadOptions { Level = ConsistencyLevel.Serial });
        outcomes.AssertEveryIncrementAppliedOnce(final!, Clients * Increments);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestJsonStrings : System.Text.Json.Serialization.JsonSerializerContext;

