using System.Diagnostics;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Shell;

/// <summary>The real shell, driven through piped standard input, against a real cluster.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ShellEndToEndTests(ThreeNodeProcessClusterFixture fixture)
{
    private async Task<(int ExitCode, string Output, string Errors)> RunShellAsync(string input, params string[] extra)
    {
        var arguments = new List<string>();
        foreach (var node in fixture.Cluster.Nodes)
        {
            arguments.Add("--gateway");
            arguments.Add($"127.0.0.1:{node.GatewayPort}");
        }

        arguments.AddRange(extra);
        var run = await ProcessRun.RunAsync(SiloBinary.ShellStartInfo(arguments), input);
        return (run.ExitCode, run.Output, run.Errors);
    }

    [Fact]
    public async Task Piped_commands_put_get_and_delete_at_each_level_and_exit_zero()
    {
        var (exit, output, errors) = await RunShellAsync(
            """
            put shell:one "first value" one
            put shell:quorum 42
            put shell:all '{"a": 1}' all
            get shell:one quorum
            get shell:all all
            GET shell:quorum
            delete shell:one all
            get shell:one
            """);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("OK put shell:one", output);
        Assert.Contains("acknowledged 3/3", output);
        Assert.Contains("shell:one = \"first value\"", output);
        Assert.Contains("shell:quorum = \"42\"", output);
        Assert.Contains("coordinator node1", output);
        Assert.Contains("version ", output);
        Assert.Contains("took ", output);
        Assert.Contains("shell:one not found", output);
        Assert.DoesNotContain("\u001b[", output);
        Assert.DoesNotContain("kvstore[", output);
    }

    [Fact]
    public async Task Switch_moves_coordination_to_another_node_and_status_and_nodes_describe_the_cluster()
    {
        var (exit, output, errors) = await RunShellAsync("switch 3\nput shell:switched x\nstatus\nstatus 2\nnodes\nring\nreplicas shell:switched\n");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("coordinator node3", output);
        Assert.Contains("node3 is up", output);
        Assert.Contains("node2 is up", output);
        Assert.Contains("3 nodes (3 up)", output);
        Assert.Contains("replication factor 3", output);
        Assert.Contains("shell:switched is held by", output);
    }

    [Fact]
    public async Task A_bad_command_prints_its_usage_and_makes_the_exit_code_non_zero_without_stopping_the_script()
    {
        var (exit, output, errors) = await RunShellAsync("frobnicate\nput onlykey\nget k sometimes\nswitch 9\nput shell:after-errors ok\n");

        Assert.Equal(1, exit);
        Assert.Contains("unknown command 'frobnicate'", errors);
        Assert.Contains("Usage: put <key> <value> [one|quorum|all|serial]", errors);
        Assert.Contains("one|quorum|all", errors);
        Assert.Contains("node 9", errors);
        Assert.Contains("OK put shell:after-errors", output);
    }

    [Fact]
    public async Task Dash_c_runs_commands_separated_by_semicolons()
    {
        var (exit, output, errors) = await RunShellAsync("", "-c", "put shell:dash-c v; get shell:dash-c");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("shell:dash-c = \"v\"", output);
    }

    [Fact]
    public async Task With_no_cluster_the_shell_says_so_and_exits_non_zero_within_seconds()
    {
        // Nothing listens, so the shell must give up at once, not when its connect timeout runs
        // out: a long timeout leaves the process start-up all the room it needs under load.
        var connectTimeout = TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        var run = await ProcessRun.RunAsync(
            SiloBinary.ShellStartInfo(["--gateway", $"127.0.0.1:{FreePorts.Next()}", "--connect-timeout", $"{connectTimeout.TotalSeconds}", "-c", "get k"]),
            timeout: 2 * connectTimeout);

        Assert.NotEqual(0, run.ExitCode);
        TimingBound.Below("the shell's --connect-timeout", connectTimeout).Check(watch.Elapsed, "the shell with no cluster");
        Assert.DoesNotContain("   at ", run.Errors);
        Assert.Contains("cluster", run.Errors.ToLowerInvariant());
    }
}
