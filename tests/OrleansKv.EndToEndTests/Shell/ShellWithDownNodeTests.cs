using System.Diagnostics;
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

        using var shell = Process.Start(SiloBinary.ShellStartInfo(
            ["--gateway", $"127.0.0.1:{cluster[1].GatewayPort}", "--gateway", $"127.0.0.1:{cluster[2].GatewayPort}"]))!;
        await shell.StandardInput.WriteAsync("status 3\nswitch 3\nput down-key v\nswitch 2\nput down-key v\nput down-key v all\nget down-key quorum\n");
        shell.StandardInput.Close();
        var output = shell.StandardOutput.ReadToEndAsync();
        var errors = shell.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await shell.WaitForExitAsync(deadline.Token);

        var text = await output;
        var errorText = await errors;
        Assert.Equal(1, shell.ExitCode);
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
