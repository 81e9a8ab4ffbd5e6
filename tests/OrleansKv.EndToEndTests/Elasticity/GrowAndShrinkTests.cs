using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Elasticity;

/// <summary>Joins and decommissions on real node processes while writers and readers run at quorum.</summary>
public sealed class GrowAndShrinkTests
{
    private const int Keys = 10_000;

    [Fact]
    public async Task A_cluster_grows_from_three_to_five_nodes_and_shrinks_to_four_under_load_without_losing_an_acknowledged_write()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3"]);
        var serving = cluster.Nodes.ToArray();
        await using var load = await QuorumLoad.StartAsync(Keys, () => Volatile.Read(ref serving));

        foreach (var number in new[] { 4, 5 })
        {
            var node = cluster.Add(new TestNode(number, cluster.DataDirectory));
            node.Start();
            await RingProbe.WaitUntilSettledAsync(cluster[1], cluster.Nodes.Select(n => n.NodeId));
            await Poll.UntilAsync(node.IsReadyAsync, $"{node.NodeId} to be ready");
            Volatile.Write(ref serving, [.. serving, node]);
        }

        // Some writes and reads through all five nodes after the joins, then stop.
        var writesBefore = load.Writes;
        await Poll.UntilAsync(() => Task.FromResult(load.Writes > writesBefore + 200), "200 more writes after the joins", TimeSpan.FromSeconds(60));
        await load.StopAsync();
        Assert.True(load.Problems.IsEmpty, $"{load.Problems.Count} problems in {load.Writes} writes and {load.Reads} reads, e.g.:\n{string.Join("\n", load.Problems.Take(10))}");

        await AssertEveryKeyReadsAsync(cluster[5], load, "quorum");
        await RingProbe.WaitUntilCopiesAsync(cluster.Nodes, 3L * Keys);
        foreach (var joined in new[] { cluster[4], cluster[5] })
        {
            // Five nodes, three replicas each: a node holds about 3/5 of the keys.
            var held = await RingProbe.LocalKeysAsync(joined);
            Assert.InRange(held, (long)(Keys * 0.45), (long)(Keys * 0.75));
        }

        var decommission = await cluster[1].Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/nodes/node5/decommission"));
        Assert.Equal(HttpStatusCode.Accepted, decommission.StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(cluster[5].ExitCode is not null), "node5 to exit after its decommission", TimeSpan.FromSeconds(90));
        Assert.Equal(0, cluster[5].ExitCode);
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3", "node4"]);
        await AssertEveryKeyReadsAsync(cluster[1], load, "all");
        await RingProbe.WaitUntilCopiesAsync(cluster.Nodes.Take(4), 3L * Keys);
    }

    [Fact]
    public async Task A_second_ring_change_while_one_runs_is_refused_with_a_conflict()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var node4 = cluster.Add(new TestNode(4, cluster.DataDirectory));
        node4.Start();
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3", "node4"]);
        await QuorumLoad.SeedAsync(2_000, [.. cluster.Nodes]);

        var first = await cluster[1].Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/nodes/node4/decommission"));
        var second = await cluster[1].Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/nodes/node3/decommission"));
        var unknown = await cluster[1].Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/nodes/node9/decommission"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("one ring change at a time", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3"]);

        // Three nodes left with three replicas each: one more decommission would leave too few.
        var tooFew = await cluster[1].Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/nodes/node3/decommission"));
        Assert.Equal(HttpStatusCode.Conflict, tooFew.StatusCode);
        Assert.Contains("fewer than the replication factor", await tooFew.Content.ReadAsStringAsync());
    }

    private static async Task AssertEveryKeyReadsAsync(TestNode node, QuorumLoad load, string level)
    {
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Keys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var get = await node.Http.GetJsonAsync($"/keys/{QuorumLoad.Key(i)}?consistency={level}");
            if (get.Status != HttpStatusCode.OK || get.Body.GetProperty("value").GetInt64() != load.AcknowledgedValue(i))
            {
                wrong.Add($"{QuorumLoad.Key(i)}: {(int)get.Status} {get.Body}, acknowledged {load.AcknowledgedValue(i)}");
            }
        });
        Assert.True(wrong.IsEmpty, $"{wrong.Count} keys read wrong at {level} through {node.NodeId}, e.g.:\n{string.Join("\n", wrong.Take(10))}");
    }
}
