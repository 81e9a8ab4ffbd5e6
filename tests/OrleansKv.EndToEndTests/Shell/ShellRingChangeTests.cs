using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Contracts;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;
using static OrleansKv.EndToEndTests.Convergence.ConvergenceCluster;

namespace OrleansKv.EndToEndTests.Shell;

/// <summary>Ring changes from the real shell on a real four-node cluster.</summary>
public sealed class ShellRingChangeTests(ITestOutputHelper log)
{
    private const int Keys = 300;

    [Fact]
    public async Task Decommission_in_the_shell_shows_progress_and_success_the_node_exits_zero_and_nodes_lists_the_rest()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(4);
        await Poll.UntilAsync(() => AllNormalAsync(cluster[1], 4), "node1 to see 4 ring members, all normal", TimeSpan.FromSeconds(60));
        await WaitUntilRingSettledAsync(cluster);
        log.WriteLine($"4 nodes normal and settled after {clock.Elapsed.TotalSeconds:0.0} s");
        var keys = Enumerable.Range(0, Keys).Select(i => $"ring-change-{i}").ToList();
        await WriteAsync(cluster[1], keys, "all");
        log.WriteLine($"{Keys} keys written after {clock.Elapsed.TotalSeconds:0.0} s");

        var shell = await ProcessRun.RunAsync(
            SiloBinary.ShellStartInfo(
            [
                "--gateway", $"127.0.0.1:{cluster[1].GatewayPort}", "--gateway", $"127.0.0.1:{cluster[2].GatewayPort}",
                "--gateway", $"127.0.0.1:{cluster[3].GatewayPort}",
            ]),
            "remove 2\ndecommission 9\ndecommission 4\nnodes\nstatus\n",
            TimeSpan.FromSeconds(120));
        log.WriteLine($"shell done after {clock.Elapsed.TotalSeconds:0.0} s:\n{shell}");
        await Poll.UntilAsync(() => Task.FromResult(!cluster[4].IsRunning), "node4's process to exit", TimeSpan.FromSeconds(30));

        var output = shell.Output;
        Assert.True(shell.ExitCode == 1, $"two refusals make the exit code 1; {shell}");
        Assert.Contains("error: ring change refused: node2 is up: only a node that is down can be removed", shell.Errors);
        Assert.Contains("error: unknown node 9: the ring has node1, node2, node3, node4. Usage: decommission <N>", shell.Errors);
        Assert.DoesNotContain("   at ", shell.Errors);
        Assert.Matches(@"decommission of node4: (streaming|done), \d+/\d+ ranges, \d+ keys, \d+ bytes", output);
        var success = output.IndexOf("node4 decommissioned: it is out of the ring", StringComparison.Ordinal);
        Assert.True(success >= 0, shell.ToString());
        var after = output[success..];
        var nodesStart = after.IndexOf("3 nodes (3 up), replication factor 3", StringComparison.Ordinal);
        var statusStart = after.IndexOf("node1 is up", StringComparison.Ordinal);
        Assert.True(nodesStart >= 0 && statusStart > nodesStart, shell.ToString());
        var nodesView = after[nodesStart..statusStart];
        var statusView = after[statusStart..];
        Assert.Contains("  node1 *  up     normal", nodesView);
        Assert.Contains("  node2    up     normal", nodesView);
        Assert.Contains("  node3    up     normal", nodesView);
        Assert.DoesNotContain("node4", nodesView);
        Assert.Contains("  ring state normal", statusView);
        Assert.Matches(@"  ring epoch \d+", statusView);
        Assert.Contains("  ring change decommission of node4: done", statusView);
        Assert.True(cluster[4].ExitCode == 0, $"node4 exited with {cluster[4].ExitCode}:\n{cluster[4].Output}");

        // Its ranges reached their next owners: with three nodes left and replication factor 3, each holds every key.
        foreach (var node in cluster.Nodes.Take(3))
        {
            var status = await node.Http.GetJsonAsync("/admin/status");
            Assert.Equal(Keys, status.Body.GetProperty("local_keys").GetInt64());
        }
    }

    private static async Task<bool> AllNormalAsync(TestNode node, int members)
    {
        var ring = await node.Http.GetJsonAsync("/admin/ring");
        var states = ring.Body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("state").GetString()).ToList();
        return states.Count == members && states.All(s => s == "normal");
    }

    /// <summary>
    /// A join ends by settling the record one epoch after its node shows normal, and a
    /// decommission is refused until then; /admin/ring does not show that step, the record does.
    /// </summary>
    private static async Task WaitUntilRingSettledAsync(ProcessCluster cluster)
    {
        await using var client = await ClientHost.StartAsync(cluster);
        var member = client.Services.GetRequiredService<IClusterClient>().GetGrain<IRingMemberGrain>("node1");
        await Poll.UntilAsync(async () => !(await member.GetRecordAsync()).ChangeInProgress, "the ring record to settle");
    }
}
