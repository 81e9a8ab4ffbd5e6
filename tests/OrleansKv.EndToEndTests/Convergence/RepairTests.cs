using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;
using static OrleansKv.EndToEndTests.Convergence.ConvergenceCluster;

namespace OrleansKv.EndToEndTests.Convergence;

/// <summary>Anti-entropy on real processes: a lost disk comes back, deletes stay deleted.</summary>
public sealed class RepairTests
{
    [Fact]
    public async Task A_node_whose_data_directory_was_wiped_repairs_itself_unasked_and_gets_exactly_its_keys_back()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, OwnCopyReads);
        var keys = Enumerable.Range(0, 500).Select(i => $"wiped-{i}").ToList();
        await WriteAsync(cluster[1], keys, "all");

        await cluster[2].StopAsync();
        Directory.Delete(Path.Combine(cluster.DataDirectory, "node2"), recursive: true);
        cluster[2].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();

        // Nobody asks for a repair: the node sees that the ring lists it as an owner although its
        // directory opened empty, and repairs before it counts again (the schedule's interval is hours).
        HttpJson.Reply repair = null!;
        await Poll.UntilAsync(
            async () => (repair = await cluster[2].Http.GetJsonAsync("/admin/repair")).Status == HttpStatusCode.OK && repair.Text("state") == "done"
                && !(await StatusAsync(cluster[2])).Body.GetProperty("repair_required").GetBoolean(),
            "node2 to finish the repair it starts by itself after losing its data", TimeSpan.FromSeconds(90));

        Assert.Contains("opened an empty data directory although ring epoch", cluster[2].Output);
        Assert.InRange(repair.Body.GetProperty("keys_exchanged").GetInt64(), 1, 500);
        Assert.Equal(repair.Int("ranges_total"), repair.Int("ranges_done"));
        Assert.Equal(500, (await StatusAsync(cluster[2])).Body.GetProperty("local_keys").GetInt64());
        foreach (var key in keys)
        {
            var own = await cluster[2].Http.GetJsonAsync($"/keys/{key}?consistency=one");
            var everyone = await cluster[1].Http.GetJsonAsync($"/keys/{key}?consistency=all");
            Assert.Equal(everyone.Text("version"), own.Text("version"));
        }

        var again = await RepairAsync(cluster[2]);
        Assert.Equal(0, again.Body.GetProperty("keys_exchanged").GetInt64());
    }

    [Fact]
    public async Task Deleted_keys_stay_deleted_through_hints_repair_and_after_their_tombstones_are_purged_everywhere()
    {
        await using var cluster = await ProcessCluster.StartAsync(
            3, [.. OwnCopyReads, "--OrleansKv:Tombstones:GcGrace=00:00:06", "--OrleansKv:Tombstones:PurgeInterval=00:00:01", "--OrleansKv:Tombstones:AliveRecordInterval=00:00:00.500"]);
        var keys = Enumerable.Range(0, 20).Select(i => $"del-{i}").ToList();
        var deleted = keys.Take(10).ToList();
        await WriteAsync(cluster[1], keys, "all");
        await cluster[3].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");

        await ConvergenceCluster.DeleteAsync(cluster[1], deleted);
        cluster[3].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();

        await Poll.UntilAsync(
            async () => (await MissingAsync(cluster[3], deleted)).Count == deleted.Count,
            "node3 to hold the deletes (hints or repair)", TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(
            async () => (await Task.WhenAll(cluster.Nodes.Select(StatusAsync))).All(s => s.Body.GetProperty("tombstones").GetInt64() == 0),
            "every replica to purge its tombstones", TimeSpan.FromSeconds(40));
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal("done", (await RepairAsync(node)).Text("state"));
        }

        await AssertDeletedEverywhereAsync(cluster, deleted, keys.Skip(10).ToList());
    }

    [Fact]
    public async Task A_node_away_longer_than_the_grace_period_does_not_bring_back_keys_deleted_meanwhile()
    {
        // No hints: the node comes back with the old values, and only the grace-period rule stands between them and the cluster.
        await using var cluster = await ProcessCluster.StartAsync(
            3, [.. OwnCopyReads, "--OrleansKv:HintedHandoff:Enabled=false", "--OrleansKv:Tombstones:GcGrace=00:00:04",
                "--OrleansKv:Tombstones:PurgeInterval=00:00:01", "--OrleansKv:Tombstones:AliveRecordInterval=00:00:00.500"]);
        var keys = Enumerable.Range(0, 20).Select(i => $"away-{i}").ToList();
        var deleted = keys.Take(10).ToList();
        await WriteAsync(cluster[1], keys, "all");
        await cluster[3].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");
        await ConvergenceCluster.DeleteAsync(cluster[1], deleted);
        await Poll.UntilAsync(
            async () => (await Task.WhenAll(new[] { cluster[1], cluster[2] }.Select(StatusAsync))).All(s => s.Body.GetProperty("tombstones").GetInt64() == 0),
            "node1 and node2 to purge the tombstones", TimeSpan.FromSeconds(40));

        cluster[3].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();
        await Poll.UntilAsync(
            async () => !(await StatusAsync(cluster[3])).Body.GetProperty("repair_required").GetBoolean()
                && (await cluster[3].Http.GetJsonAsync("/admin/repair")).Text("state") == "done",
            "node3 to finish the repair it needs before serving", TimeSpan.FromSeconds(60));

        await AssertDeletedEverywhereAsync(cluster, deleted, keys.Skip(10).ToList());
        Assert.Equal(10, (await StatusAsync(cluster[3])).Body.GetProperty("local_keys").GetInt64());
    }

    [Fact]
    public async Task A_whole_cluster_off_for_longer_than_the_grace_period_serves_again_after_it_restarts()
    {
        var gcGrace = TimeSpan.FromMinutes(10);
        await using var cluster = await ProcessCluster.StartAsync(3, [.. OwnCopyReads, $"--OrleansKv:Tombstones:GcGrace={gcGrace:c}"]);
        var keys = Enumerable.Range(0, 20).Select(i => $"off-{i}").ToList();
        await WriteAsync(cluster[1], keys, "all");

        await cluster.StopAllAsync();
        // The grace period passes by the nodes' clocks, not the test's: every node comes back with
        // its clock a minute past it (all by the same amount, so their versions stay comparable).
        var away = gcGrace + TimeSpan.FromMinutes(1);
        foreach (var node in cluster.Nodes)
        {
            node.Start($"--OrleansKv:Clock:TestOffset={away:c}");
        }

        await cluster.WaitUntilAllSeeAllUpAsync();
        await Poll.UntilAsync(
            async () => (await Task.WhenAll(cluster.Nodes.Select(StatusAsync))).All(s => !s.Body.GetProperty("repair_required").GetBoolean()),
            "every node to find that its peers were away too and serve again", TimeSpan.FromSeconds(60));
        Assert.All(cluster.Nodes, node => Assert.Contains("longer than the tombstone grace period", node.Output));
        Assert.Contains(cluster.Nodes, node => node.Output.Contains("was away too, so none purged tombstones meanwhile: it serves again"));
        Assert.Empty(await MissingAsync(cluster[2], keys, "all"));
    }

    private static async Task AssertDeletedEverywhereAsync(ProcessCluster cluster, List<string> deleted, List<string> kept)
    {
        foreach (var node in cluster.Nodes)
        {
            foreach (var key in deleted)
            {
                var get = await node.Http.GetJsonAsync($"/keys/{key}?consistency=all");
                Assert.True(get.Status == HttpStatusCode.NotFound, $"{key} through {node.NodeId} answered {(int)get.Status}: {get.Body}");
            }

            Assert.Empty(await MissingAsync(node, kept, "all"));
        }
    }
}
