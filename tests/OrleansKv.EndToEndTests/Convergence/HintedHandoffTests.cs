using OrleansKv.EndToEndTests.Infrastructure;
using static OrleansKv.EndToEndTests.Convergence.ConvergenceCluster;

namespace OrleansKv.EndToEndTests.Convergence;

/// <summary>Real processes, real kill -9: a replica that missed writes gets them from the coordinator's hints.</summary>
public sealed class HintedHandoffTests
{
    [Fact]
    public async Task A_replica_killed_during_1000_quorum_writes_answers_all_of_them_after_it_restarts()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, OwnCopyReads);
        await cluster[3].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");
        var keys = Enumerable.Range(0, 1000).Select(i => $"s{i}").ToList();

        await WriteAsync(cluster[1], keys);

        var pending = (await StatusAsync(cluster[1])).Body;
        Assert.Equal(1000, pending.GetProperty("hints_pending").GetInt64());
        Assert.Equal(1000, pending.GetProperty("hints_pending_by_node").GetProperty("node3").GetInt64());
        cluster[3].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();
        await WaitUntilHoldsAsync(cluster[3], keys, TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async () => await HintsPendingAsync(cluster[1]) == 0, "node1's hints to be delivered", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Hints_survive_a_kill_9_of_the_node_that_holds_them()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, OwnCopyReads);
        await cluster[3].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");
        var keys = Enumerable.Range(0, 200).Select(i => $"survive-{i}").ToList();
        await WriteAsync(cluster[1], keys);

        await cluster[1].KillAsync();
        cluster[1].Start();
        await Poll.UntilAsync(cluster[1].IsReadyAsync, "node1 to be ready again", TimeSpan.FromSeconds(60));
        Assert.Equal(200, await HintsPendingAsync(cluster[1]));
        cluster[3].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();

        await WaitUntilHoldsAsync(cluster[3], keys, TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async () => await HintsPendingAsync(cluster[1]) == 0, "node1's hints to be delivered", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_value_that_expired_while_a_replica_was_down_does_not_come_back_through_it()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, OwnCopyReads);
        var old = await cluster[1].Http.PutAsync("/keys/ttl-hinted", """{"value": "old", "consistency": "all"}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, old.Status);
        await cluster[3].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");

        var expiring = await cluster[1].Http.PutAsync("/keys/ttl-hinted", """{"value": "new", "ttl_seconds": 1}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, expiring.Status);
        await Poll.UntilAsync(
            async () => (await cluster[1].Http.GetJsonAsync("/keys/ttl-hinted?consistency=quorum")).Status == System.Net.HttpStatusCode.NotFound,
            "the value to expire");
        cluster[3].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();
        await Poll.UntilAsync(async () => await HintsPendingAsync(cluster[1]) == 0, "node1's hint to be delivered", TimeSpan.FromSeconds(30));

        // node3's own copy is now the expired value, not "old".
        var own = await cluster[3].Http.GetJsonAsync("/keys/ttl-hinted?consistency=one");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, own.Status);
        Assert.Equal(expiring.Text("version"), own.Text("version"));
        var all = await cluster[2].Http.GetJsonAsync("/keys/ttl-hinted?consistency=all");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, all.Status);
    }
}
