using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Bench;

/// <summary>
/// The bench tool's <c>cas</c> (conditional increment) and <c>get:serial</c> (read at serial)
/// workloads on one hot key, over both drivers. It asserts no performance number, only that
/// the runs work and that no increment was lost under contention.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BenchConditionalSmokeTests(ThreeNodeProcessClusterFixture fixture)
{
    private const int Loops = 4;

    [Fact]
    public async Task The_bench_tool_runs_cas_and_serial_reads_on_a_hot_key_over_both_drivers_without_losing_an_increment()
    {
        var nodes = fixture.Cluster.Nodes;
        var targets = new Dictionary<string, string>
        {
            ["http"] = string.Join(",", nodes.Select(n => $"http://127.0.0.1:{n.HttpPort}")),
            ["orleans"] = string.Join(",", nodes.Select(n => $"127.0.0.1:{n.GatewayPort}")),
        };

        foreach (var (driver, target) in targets)
        {
            var prefix = $"bench-cas-{driver}-{Guid.NewGuid():N}:";
            using var report = await RunBenchAsync(driver, target, prefix);
            var runs = report.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["cas", "read"], runs.Select(r => r.GetProperty("workload").GetString()));
            Assert.All(runs, r => Assert.Equal("serial", r.GetProperty("consistency").GetString()));
            foreach (var run in runs)
            {
                var what = $"{driver} {run.GetProperty("workload").GetString()}: {run}";
                var operations = run.GetProperty("operations").GetInt64();
                Assert.True(operations > 0, what);
                Assert.True(run.GetProperty("not_found").GetInt64() == 0, what);

                // Proposers contending for one key may fail to decide in time: a clean 503, as the
                // issue allows, never a wrong answer. Anything else, or many of them, is a failure.
                Assert.True(run.GetProperty("error_count").GetInt64() * 20 <= operations, what);
                Assert.All(run.GetProperty("errors").EnumerateObject(), e => Assert.Contains(e.Name, new[] { "http-503", "consistency-not-met" }));
            }

            // With no warm-up, every counted increment applied; at most one per loop more ran
            // past the end uncounted, and an undecided one may have applied. A lost update would
            // leave the counter below the count.
            var undecided = runs[0].GetProperty("error_count").GetInt64();
            var increments = runs[0].GetProperty("operations").GetInt64() - undecided;
            var counter = await fixture.Cluster[1].Http.GetJsonAsync($"/keys/{prefix}0?consistency=serial");
            var value = counter.Body.GetProperty("value").GetInt64();
            Assert.True(value >= increments && value <= increments + undecided + Loops, $"{driver}: the counter holds {value} after {increments} counted increments ({undecided} undecided)");
        }
    }

    private static async Task<JsonDocument> RunBenchAsync(string driver, string targets, string keyPrefix)
    {
        var json = Path.Combine(Path.GetTempPath(), $"orleanskv-bench-{Guid.NewGuid():N}.json");
        var run = await ProcessRun.RunAsync(SiloBinary.BenchStartInfo(
        [
            "--driver", driver, "--targets", targets, "--workload", "cas,read", "--consistency", "serial", "--keys", "1",
            "--key-prefix", keyPrefix, "--concurrency", $"{Loops}", "--warmup", "0", "--duration", "2", "--json", json,
        ]), timeout: TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, $"The {driver} bench run exited with {run}");
        try
        {
            return JsonDocument.Parse(await File.ReadAllTextAsync(json));
        }
        finally
        {
            File.Delete(json);
        }
    }
}
