using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>
/// One node's clock 20 s slow in a 3-node cluster of real processes (the test-only clock offset):
/// the majority names it and it fences itself while quorum requests through the others go on;
/// restarted with its clock right, it comes back by itself with its hints delivered.
/// </summary>
public sealed class WrongClockTests(ITestOutputHelper output)
{
    private const int Keys = 40;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_twenty_seconds_slow_is_fenced_while_quorum_goes_on_and_serves_again_once_restarted_with_its_clock_right()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await using var load = await QuorumLoad.StartAsync(Keys, () => [cluster[2], cluster[3]]);
        var watch = Stopwatch.StartNew();

        await cluster[1].StopAsync();
        cluster[1].Start("--OrleansKv:Clock:TestOffset=-00:00:20");
        var restartedSlow = watch.Elapsed;
        await Poll.UntilAsync(async () => await ClockStateAsync(cluster[1]) == "fenced", "node1 to fence itself", Deadline);
        output.WriteLine($"node1 restarted 20 s slow at {restartedSlow.TotalSeconds:0.0} s, fenced at {watch.Elapsed.TotalSeconds:0.0} s");

        // It says why it is not ready, and names itself as the clock to fix.
        var ready = await cluster[1].Http.GetJsonAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("node1 is fenced", ready.Text("reason"));
        var refused = await cluster[1].Http.PutAsync("/keys/through-node1", """{"value": 1}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Contains("fix node1's clock", refused.Text("error"));

        // The others measure node1 20 s behind them, stay ok, and show it fenced in the node table.
        foreach (var node in new[] { cluster[2], cluster[3] })
        {
            await Poll.UntilAsync(
                async () =>
                {
                    var status = (await node.Http.GetJsonAsync("/admin/status")).Body;
                    return status.GetProperty("clock_state").GetString() == "ok"
                        && status.GetProperty("clock_offsets_ms").TryGetProperty("node1", out var node1)
                        && Math.Abs(node1.GetProperty("offset").GetDouble() + 20_000) < 1_000;
                },
                $"{node.NodeId} to measure node1 about 20 s behind", Deadline);
        }

        var nodes = (await cluster[2].Http.GetJsonAsync("/admin/nodes")).Body.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal("fenced", nodes.Single(n => n.GetProperty("node_id").GetString() == "node1").GetProperty("clock_state").GetString());
        var metrics = PrometheusText.Parse(await cluster[2].Http.GetStringAsync("/metrics"));
        Assert.InRange(metrics.Sum("kv_clock_offset_seconds", ("peer", "node1")), -21, -19);

        // `all` cannot be met without node1, and fails cleanly.
        var all = await cluster[2].Http.PutAsync("/keys/at-all", """{"value": 1, "consistency": "all"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, all.Status);
        Assert.Contains(all.Body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("node1 is fenced"));

        await cluster[1].StopAsync();
        cluster[1].Start();
        var restartedRight = watch.Elapsed;
        await Poll.UntilAsync(
            async () => await ClockStateAsync(cluster[1]) == "ok" && await cluster[1].IsReadyAsync(), "node1 to be ok and ready again", Deadline);
        output.WriteLine($"node1 restarted with its clock right at {restartedRight.TotalSeconds:0.0} s, ok and ready at {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var node in new[] { cluster[2], cluster[3] })
        {
            await Poll.UntilAsync(
                async () => (await node.Http.GetJsonAsync("/admin/status")).Body.GetProperty("hints_pending_by_node") is var pending
                    && (!pending.TryGetProperty("node1", out var count) || count.GetInt64() == 0),
                $"{node.NodeId} to deliver its hints for node1", Deadline);
        }

        await load.StopAsync();
        output.WriteLine($"load through node2 and node3: {load.Writes} writes, {load.Reads} reads, {load.Problems.Count} problems");
        Assert.True(load.Problems.IsEmpty, $"quorum requests through node2 and node3 failed or read stale values:\n{string.Join("\n", load.Problems.Take(10))}");
        Assert.True(load.Writes > 50, $"too few writes to tell: {load.Writes}");

        // Every key reads the same, the last acknowledged value, at all from every node.
        for (var i = 0; i < Keys; i++)
        {
            foreach (var node in cluster.Nodes)
            {
                var read = await node.Http.GetJsonAsync($"/keys/{QuorumLoad.Key(i)}?consistency=all");
                Assert.True(read.Status == HttpStatusCode.OK, $"{QuorumLoad.Key(i)} at all through {node.NodeId}: {(int)read.Status} {read.Body}");
                Assert.Equal(load.AcknowledgedValue(i), read.Body.GetProperty("value").GetInt64());
            }
        }
    }

    private static async Task<string?> ClockStateAsync(TestNode node)
    {
        try
        {
            var status = await node.Http.GetJsonAsync("/admin/status");
            return status.Status == HttpStatusCode.OK && status.Body.ValueKind == JsonValueKind.Object
                && status.Body.TryGetProperty("clock_state", out var state) ? state.GetString() : null;
        }
        catch (HttpRequestException)
        {
            return null; // Still starting.
        }
    }
}
