using System.Diagnostics;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>
/// SIGTERM while a node's background jobs run, on real processes: during a repair of 100,000
/// keys and during a join stream, the node exits within 10 s, logs no error once it began
/// stopping, and the job completes after it starts again.
/// </summary>
public sealed class StopDuringJobTests(ITestOutputHelper output)
{
    private const int Keys = 100_000;
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    // How a job's log line ends when the node's stop cancelled it (JobRunner.StoppedError), rather
    // than when its calls failed because the silo went away under it.
    private const string StoppedWithTheNode = "stopped: the node is shutting down";

    // Small transfers, so that each job still runs when the test stops its node.
    private static readonly string[] SlowRepair = ["--OrleansKv:AntiEntropy:TransferBatchSize=50"];
    private static readonly string[] SlowStream = ["--OrleansKv:Ring:StreamBatchEntries=100", "--OrleansKv:Ring:StreamParallelRanges=1"];

    [Fact]
    public async Task A_node_stopped_during_a_repair_and_during_a_join_stream_exits_within_10_s_without_errors_and_the_job_completes_after_it_restarts()
    {
        var test = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(2);

        // 100,000 keys straight into node1's store while it is stopped; node2 loses its data directory.
        await cluster.StopAllAsync();
        await FillAsync(cluster[1], Keys);
        Directory.Delete(cluster[2].NodeDataDirectory, recursive: true);
        cluster[1].Start();
        cluster[2].Start(SlowRepair);
        await cluster.WaitUntilAllSeeAllUpAsync();
        output.WriteLine($"cluster started and filled: {test.Elapsed.TotalSeconds:0.0} s");

        // node2 repairs itself unasked, since it lost its data: stopped midway, it starts over when back.
        await Poll.UntilAsync(
            async () => await RepairAsync(cluster[2]) is { } repair && repair.Text("state") == "running" && repair.Body.GetProperty("keys_received").GetInt64() > 0,
            "node2 to be repairing itself", TimeSpan.FromSeconds(60));
        var repairStop = await StopWithinBoundAsync(cluster[2], "Repair of node2's ranges Failed");
        cluster[2].Start(SlowRepair);
        await Poll.UntilAsync(
            async () =>
            {
                var repair = await RepairAsync(cluster[2]);
                var status = await cluster[2].Http.GetJsonAsync("/admin/status");
                var (state, required, held) = (repair?.Text("state"), status.Body.GetProperty("repair_required").GetBoolean(), status.Body.GetProperty("local_keys").GetInt64());
                return state == "done" && !required && held == Keys ? null : $"repair {state ?? "not started"}, repair required {required}, {held} keys";
            },
            "node2 to finish its repair after it restarted", TimeSpan.FromSeconds(120));
        output.WriteLine($"repair: exited {repairStop.TotalSeconds:0.0} s after SIGTERM, done after restart at {test.Elapsed.TotalSeconds:0.0} s");

        // node3 joins and streams the ranges it gains: stopped midway, its join resumes when it is back.
        var node3 = cluster.Add(new TestNode(3, cluster.DataDirectory));
        node3.Start(SlowStream);
        await Poll.UntilAsync(
            async () => (await node3.Http.GetJsonAsync("/admin/status")).Body.TryGetProperty("streaming", out var s)
                && s.ValueKind == System.Text.Json.JsonValueKind.Object && s.GetProperty("change").GetString() == "join"
                && s.GetProperty("phase").GetString() == "streaming" && s.GetProperty("keys").GetInt64() > 0,
            "node3 to be streaming the ranges it gains", TimeSpan.FromSeconds(60));
        var streamStop = await StopWithinBoundAsync(node3, "node3 streaming failed");
        node3.Start(SlowStream);
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3"]);
        Assert.Equal(Keys, await RingProbe.LocalKeysAsync(node3));
        output.WriteLine($"join stream: exited {streamStop.TotalSeconds:0.0} s after SIGTERM, settled after restart at {test.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>The node's last repair, or null before one has started.</summary>
    private static async Task<HttpJson.Reply?> RepairAsync(TestNode node)
    {
        var repair = await node.Http.GetJsonAsync("/admin/repair");
        return repair.Status == System.Net.HttpStatusCode.OK ? repair : null;
    }

    /// <summary>
    /// SIGTERM: the node must exit 0 within <see cref="ExitBound"/>, log no error or critical line
    /// from then on, and log that its job (the line starting <paramref name="job"/>) stopped with it.
    /// </summary>
    private static async Task<TimeSpan> StopWithinBoundAsync(TestNode node, string job)
    {
        var mark = node.Output.Length;
        var watch = Stopwatch.StartNew();
        await node.SignalAsync("TERM");
        await Poll.UntilAsync(() => Task.FromResult(node.ExitCode is not null), $"{node.NodeId} to exit after SIGTERM", ExitBound * 2);
        var took = watch.Elapsed;

        // The last lines may still be on their way through the pipe: read on until two reads agree.
        var length = -1;
        await Poll.UntilAsync(
            () =>
            {
                var (before, now) = (length, node.Output.Length);
                length = now;
                return Task.FromResult(before == now);
            },
            $"{node.NodeId}'s output to end");
        var after = node.Output[mark..];
        var errors = after.Split('\n').Where(l => l.Contains(" fail: ") || l.Contains(" crit: ") || l.Contains("Unhandled exception")).ToArray();
        Assert.True(took < ExitBound, $"{node.NodeId} took {took.TotalSeconds:0.0} s to exit after SIGTERM. Output since:\n{after}");
        Assert.True(node.ExitCode == 0, $"{node.NodeId} exited with {node.ExitCode}. Output since SIGTERM:\n{after}");
        Assert.True(errors.Length == 0, $"{node.NodeId} logged errors while stopping:\n{string.Join("\n", errors)}\nOutput since SIGTERM:\n{after}");
        Assert.True(
            after.Split('\n').Any(l => l.Contains(job) && l.TrimEnd().EndsWith(StoppedWithTheNode)),
            $"{node.NodeId} did not log that its job stopped with it ('{job}... {StoppedWithTheNode}'). Output since SIGTERM:\n{after}");
        return took;
    }

    /// <summary>Writes <paramref name="keys"/> keys straight into a stopped node's store (bench/FillStore), no HTTP.</summary>
    private static async Task FillAsync(TestNode node, int keys)
    {
        var fill = Path.Combine(SiloBinary.RepositoryRoot, "bench", "FillStore", "bin", SiloBinary.Configuration, "net10.0", "OrleansKv.FillStore.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { fill, node.NodeDataDirectory, keys.ToString(), "100", "job:" })
        {
            start.ArgumentList.Add(argument);
        }

        var run = await ProcessRun.RunAsync(start, timeout: TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, $"Filling {node.NodeId}'s store failed: {run}");
    }
}
