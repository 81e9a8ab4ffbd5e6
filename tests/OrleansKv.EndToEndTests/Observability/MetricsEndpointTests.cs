using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>GET /metrics on a real node, read as a Prometheus server would.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class MetricsEndpointTests(ThreeNodeProcessClusterFixture fixture)
{
    [Fact]
    public async Task Metrics_parse_as_Prometheus_text_and_kv_requests_total_grows_by_exactly_the_requests_made()
    {
        var node = fixture.Cluster[2];
        var before = await SettledScrapeAsync(node);

        await node.Http.PutAsync("/keys/metrics:a", """{"value": 1}""");
        await node.Http.PutAsync("/keys/metrics:b", """{"value": 2}""");
        await node.Http.PutAsync("/keys/metrics:c", """{"value": 3}""");
        await node.Http.PutAsync("/keys/metrics:a", """{"value": 4, "consistency": "all"}""");
        await node.Http.GetJsonAsync("/keys/metrics:a?consistency=one");
        await node.Http.GetJsonAsync("/keys/metrics:b?consistency=one");
        var absent = await node.Http.GetJsonAsync("/keys/metrics:never-written?consistency=quorum");
        await node.Http.DeleteJsonAsync("/keys/metrics:c");
        const int requestsMade = 8;
        const int writesMade = 5;

        var after = await ScrapeAsync(node);
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(HttpStatusCode.NotFound, absent.Status);
        Assert.Equal("counter", after.Types["kv_requests_total"]);
        Assert.Equal("histogram", after.Types["kv_request_duration_seconds"]);
        Assert.Equal(requestsMade, Delta("kv_requests_total"));
        Assert.Equal(3, Delta("kv_requests_total", ("operation", "put"), ("consistency", "quorum"), ("outcome", "ok")));
        Assert.Equal(1, Delta("kv_requests_total", ("operation", "put"), ("consistency", "all"), ("outcome", "ok")));
        Assert.Equal(2, Delta("kv_requests_total", ("operation", "get"), ("consistency", "one"), ("outcome", "ok")));
        Assert.Equal(1, Delta("kv_requests_total", ("operation", "get"), ("consistency", "quorum"), ("outcome", "not_found")));
        Assert.Equal(1, Delta("kv_requests_total", ("operation", "delete"), ("consistency", "quorum"), ("outcome", "ok")));
        Assert.Equal(requestsMade, Delta("kv_request_duration_seconds_count"));
        Assert.Equal(requestsMade, Delta("kv_request_duration_seconds_bucket", ("le", "+Inf")));

        Assert.True(after.Sum("kv_store_keys", ("kind", "live")) >= 2, "kv_store_keys{kind=live} counts the keys node2 holds");
        Assert.True(after.Sum("kv_store_size_bytes") > 0, "kv_store_size_bytes is the size of node2's store on disk");
        Assert.Equal(3, after.Sum("kv_ring_nodes", ("state", "up")));
        foreach (var family in new[] { "http_server_request_duration_seconds_count", "dotnet_gc_collections_total", "orleans_app_requests_latency_milliseconds_count" })
        {
            Assert.True(after.Samples.Any(s => s.Name == family), $"{family} (ASP.NET Core, runtime and Orleans meters) is exported");
        }

        // Every write goes to all three replicas; the answer may come before the last replica's
        // call is counted, so wait (with a deadline) for the counts to settle, then check them exactly.
        foreach (var target in fixture.Cluster.Nodes)
        {
            await Poll.UntilAsync(
                async () => (await ScrapeAsync(node)).Sum("kv_replica_calls_total", ("node", target.NodeId), ("operation", "apply"))
                    - before.Sum("kv_replica_calls_total", ("node", target.NodeId), ("operation", "apply")) == writesMade,
                $"node2's kv_replica_calls_total{{node={target.NodeId},operation=apply}} to grow by {writesMade}", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_node_told_to_leave_out_the_Orleans_meter_exports_no_orleans_family_but_still_its_own()
    {
        await using var cluster = await ProcessCluster.StartAsync(1, "--OrleansKv:Metrics:IncludeOrleans=false");
        await cluster[1].Http.PutAsync("/keys/metrics:one", """{"value": 1, "consistency": "one"}""");

        var scrape = await ScrapeAsync(cluster[1]);

        Assert.DoesNotContain(scrape.Samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(scrape.Samples, s => s.Name == "kv_requests_total");
        Assert.Contains(scrape.Samples, s => s.Name == "http_server_request_duration_seconds_count");
    }

    /// <summary>
    /// A scrape taken once replica calls left in flight by earlier tests on the shared cluster
    /// have finished (two scrapes in a row agree), so they cannot land in this test's deltas.
    /// </summary>
    private static async Task<PrometheusText> SettledScrapeAsync(TestNode node)
    {
        var last = await ScrapeAsync(node);
        await Poll.UntilAsync(
            async () =>
            {
                var next = await ScrapeAsync(node);
                var settled = next.Sum("kv_replica_calls_total") == last.Sum("kv_replica_calls_total");
                last = next;
                return settled;
            },
            "node2's replica calls to settle", TimeSpan.FromSeconds(30));
        return last;
    }

    private static async Task<PrometheusText> ScrapeAsync(TestNode node)
    {
        using var response = await node.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
