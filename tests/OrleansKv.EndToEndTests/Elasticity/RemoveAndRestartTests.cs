using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Elasticity;

/// <summary>Removing a dead node, and the ring record across restarts.</summary>
public sealed class RemoveAndRestartTests
{
    private const int Keys = 3_000;

    [Fact]
    public async Task A_killed_node_removed_from_the_ring_has_its_ranges_re_replicated_to_three_copies()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        cluster.Add(new TestNode(4, cluster.DataDirectory)).Start();
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3", "node4"]);
        await QuorumLoad.SeedAsync(Keys, [.. cluster.Nodes]);

        var whileUp = await cluster[1].Http.DeleteJsonAsync("/admin/nodes/node2");
        Assert.Equal(HttpStatusCode.Conflict, whileUp.Status);
        Assert.Contains("is up", whileUp.Text("error"));

        await cluster[2].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node2");
        // Right after a failure a call may still meet the dead node (Orleans' directory): that is
        // the documented 503 "retry", never a 500.
        HttpJson.Reply remove = null!;
        await Poll.UntilAsync(
            async () => (remove = await cluster[1].Http.DeleteJsonAsync("/admin/nodes/node2")).Status != HttpStatusCode.ServiceUnavailable,
            "DELETE /admin/nodes/node2 to answer other than 503", TimeSpan.FromSeconds(30));
        Assert.True(remove.Status == HttpStatusCode.Accepted, $"{remove.Status}: {remove.Body}");
        Assert.Equal("remove", remove.Text("change"));
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node3", "node4"]);

        // Three nodes left, three replicas: each node's own store holds every key.
        foreach (var node in new[] { cluster[1], cluster[3], cluster[4] })
        {
            await Poll.UntilAsync(async () => await RingProbe.LocalKeysAsync(node) == Keys, $"{node.NodeId} to hold all {Keys} keys");
        }

        var status = await cluster[1].Http.GetJsonAsync("/admin/status");
        Assert.Equal("done", RingProbe.Streaming(status).GetProperty("phase").GetString());

        // The removed id cannot come back with its old data: it stops once, with the code that
        // tells a supervisor not to restart it (78), instead of coming back by itself.
        var again = cluster.Add(new TestNode(2, cluster.DataDirectory));
        again.Start();
        await Poll.UntilAsync(() => Task.FromResult(again.ExitCode is not null), "the removed node2 to refuse to start", TimeSpan.FromSeconds(60));
        Assert.True(again.ExitCode == 78, $"exit code {again.ExitCode}. Output:\n{again.Output}");
        Assert.Contains("node2 stops for good (exit code 78", again.Output);
        Assert.Contains("was removed from the ring", again.Output);
        Assert.DoesNotContain("could not start yet", again.Output);
    }

    [Fact]
    public async Task The_ring_record_survives_a_full_restart_and_a_node_down_during_a_join_catches_up_when_it_starts()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await QuorumLoad.SeedAsync(Keys, [.. cluster.Nodes]);

        // node3 is down while node4 joins: it misses the epochs, and keeps ranges it no longer owns.
        await cluster[3].StopAsync();
        cluster.Add(new TestNode(4, cluster.DataDirectory)).Start();
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3", "node4"]);
        var (epoch, _, _) = await RingProbe.RingAsync(cluster[1]);

        cluster[3].Start();
        await Poll.UntilAsync(cluster[3].IsReadyAsync, "node3 to be ready again", TimeSpan.FromSeconds(60));
        Assert.Equal(epoch, (await RingProbe.RingAsync(cluster[3])).Epoch);
        await RingProbe.WaitUntilCopiesAsync(cluster.Nodes, 3L * Keys);

        await cluster.StopAllAsync();
        foreach (var node in cluster.Nodes)
        {
            node.Start();
        }

        await cluster.WaitUntilAllSeeAllUpAsync();
        var (after, changing, states) = await RingProbe.RingAsync(cluster[2]);
        Assert.Equal(epoch, after);
        Assert.False(changing);
        Assert.Equal(["node1", "node2", "node3", "node4"], states.Keys.Order());
        Assert.All(states.Values, s => Assert.Equal("normal", s));
        for (var i = 0; i < Keys; i += 7)
        {
            var get = await cluster[1 + i % 4].Http.GetJsonAsync($"/keys/{QuorumLoad.Key(i)}?consistency=quorum");
            Assert.Equal(HttpStatusCode.OK, get.Status);
        }
    }
}
