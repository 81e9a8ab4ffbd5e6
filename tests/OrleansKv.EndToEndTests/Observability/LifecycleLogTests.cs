using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>Node lifecycle events as they appear in a real node's log: one Information line each.</summary>
public sealed class LifecycleLogTests
{
    [Fact]
    public async Task A_node_logs_one_line_when_another_joins_is_marked_down_and_is_back_up()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var (observer, victim) = (cluster[1], cluster[3]);

        await victim.KillAsync();
        await AwaitLineAsync(observer, $"Node {victim.NodeId} marked down");
        victim.Start();
        await AwaitLineAsync(observer, $"Node {victim.NodeId} back up");

        var lines = observer.Output.Split('\n');
        foreach (var node in new[] { "node2", "node3" })
        {
            Assert.Single(lines, l => l.Contains($"Node {node} joined the cluster"));
        }

        Assert.Single(lines, l => l.Contains($"Node {victim.NodeId} marked down"));
        var backUp = Assert.Single(lines, l => l.Contains($"Node {victim.NodeId} back up"));
        Assert.Contains(" info: OrleansKv.Grains.Cluster.MembershipEventLog[2003] ", backUp);
    }

    private static Task AwaitLineAsync(TestNode node, string text) =>
        Poll.UntilAsync(() => Task.FromResult(node.Output.Contains(text)), $"'{text}' in {node.NodeId}'s log", TimeSpan.FromSeconds(30));
}
