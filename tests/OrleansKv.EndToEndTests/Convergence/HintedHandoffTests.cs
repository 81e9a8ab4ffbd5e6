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
}
