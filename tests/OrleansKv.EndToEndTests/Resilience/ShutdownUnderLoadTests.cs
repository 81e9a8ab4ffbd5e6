using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>SIGTERM while requests are in flight: the node closes its store only after the last call using it, and exits 0.</summary>
public sealed class ShutdownUnderLoadTests
{
    [Fact]
    public async Task A_node_stopped_while_writes_and_reads_run_exits_0_and_the_others_keep_serving()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        using var stop = new CancellationTokenSource();
        long succeeded = 0;
        var load = Enumerable.Range(0, 16).Select(loop => Task.Run(async () =>
        {
            var node = cluster[loop % 2 == 0 ? 2 : 1];
            for (var i = 0; !stop.IsCancellationRequested && node.IsRunning; i++)
            {
                try
                {
                    var key = $"/keys/shutdown-{loop}-{i % 50}";
                    var reply = i % 2 == 0
                        ? await node.Http.PutAsync(key, $$"""{"value": {{i}}}""")
                        : await node.Http.GetJsonAsync(key + "?consistency=quorum");
                    if (reply.Status is HttpStatusCode.OK or HttpStatusCode.NotFound)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
                {
                    // node2 going away mid-request is what this test does.
                }
            }
        })).ToArray();

        await Poll.UntilAsync(() => Task.FromResult(Interlocked.Read(ref succeeded) > 300), "300 requests to succeed under load");
        await cluster[2].StopAsync();
        var afterStop = Interlocked.Read(ref succeeded);
        await Poll.UntilAsync(() => Task.FromResult(Interlocked.Read(ref succeeded) > afterStop + 100), "node1 to keep serving after node2 stopped");
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.True(cluster[2].ExitCode == 0, $"node2 exited with {cluster[2].ExitCode}. Output:\n{cluster[2].Output}");
        Assert.DoesNotContain("Unhandled exception", cluster[2].Output);
    }
}
