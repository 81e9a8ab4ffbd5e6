using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Shell;

public sealed class ShellWithDownNodeTests
{
    [Fact]
    public async Task The_shell_says_clearly_that_a_node_is_down_and_keeps_serving_through_the_others()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await cluster[3].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");

        var run = await ProcessRun.RunAsync(
            SiloBinary.ShellStartInfo(["--gateway", $"127.0.0.1:{cluster[1].GatewayPort}", "--gateway", $"127.0.0.1:{cluster[2].GatewayPort}"]),
            "status 3\nswitch 3\nput down-key v\nswitch 2\nput down-key v\nput down-key v all\nget down-key quorum\n");

        var text = run.Output;
        var errorText = run.Errors;
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("node3 is down", text);
        Assert.Contains("node3 is down: it cannot serve requests", errorText);
        Assert.Contains("OK put down-key", text);
        Assert.Contains("acknowledged 2/3", text);
        Assert.Contains("down-key = \"v\"", text);
        Assert.Contains("coordinator node2", text);
        Assert.Contains("all", errorText);
        Assert.DoesNotContain("   at ", errorText);
    }
}
