using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Bench;

/// <summary>
/// The bench tool (bench/OrleansKv.Bench) runs against a real cluster over both drivers and
/// writes a JSON report. It proves the tool works; it asserts no performance number.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BenchToolSmokeTests(ThreeNodeProcessClusterFixture fixture)
{
    [Fact]
    public async Task The_bench_tool_drives_the_cluster_over_http_and_the_orleans_client_without_errors()
    {
        var nodes = fixture.Cluster.Nodes;
        var http = await RunBenchAsync("http", string.Join(",", nodes.Select(n => $"http://127.0.0.1:{n.HttpPort}")));
        var orleans = await RunBenchAsync("orleans", string.Join(",", nodes.Select(n => $"127.0.0.1:{n.GatewayPort}")));

        foreach (var (driver, report) in new[] { ("http", http), ("orleans", orleans) })
        {
            var runs = report.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["load", "50-50"], runs.Select(r => r.GetProperty("workload").GetString()));
            foreach (var run in runs)
            {
                var what = $"{driver} {run.GetProperty("workload").GetString()}: {run}";
                Assert.True(run.GetProperty("operations").GetInt64() > 0, what);
                Assert.True(run.GetProperty("ops_per_second").GetDouble() > 0, what);
                Assert.True(run.GetProperty("error_count").GetInt64() == 0, what);
                Assert.True(run.GetProperty("not_found").GetInt64() == 0, what);
                Assert.True(run.GetProperty("latency").GetProperty("p99_ms").GetDouble() > 0, what);
            }
        }
    }

    private static async Task<JsonDocument> RunBenchAsync(string driver, string targets)
    {
        var json = Path.Combine(Path.GetTempPath(), $"orleanskv-bench-{Guid.NewGuid():N}.json");
        var run = await ProcessRun.RunAsync(SiloBinary.BenchStartInfo(
        [
            "--driver", driver, "--targets", targets, "--workload", "50-50", "--consistency", "quorum", "--preload",
            "--keys", "500", "--concurrency", "4", "--warmup", "0.5", "--duration", "2", "--json", json,
        ]), timeout: TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, $"The {driver} bench run exited with {run}");
        Assert.Contains("ops/s", run.Output);
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
