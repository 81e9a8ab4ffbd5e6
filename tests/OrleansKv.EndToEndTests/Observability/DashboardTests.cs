using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>The Orleans dashboard is served at /dashboard only by nodes started with --dashboard.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task A_node_started_with_dashboard_serves_it_at_slash_dashboard_and_one_without_answers_a_JSON_404()
    {
        await using var cluster = await ProcessCluster.StartAsync(1, "--dashboard");
        await using var plain = new TestNode(2, cluster.DataDirectory);
        plain.Start();
        await Poll.UntilAsync(plain.IsReadyAsync, "node2 (no dashboard) to be ready", TimeSpan.FromSeconds(60));

        using var page = await cluster[1].Http.GetAsync("/dashboard/");
        using var script = await cluster[1].Http.GetAsync("/dashboard/index.min.js");
        var absent = await plain.Http.GetJsonAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, absent.Status);
        Assert.Contains("/dashboard", absent.Text("error"));
    }
}
