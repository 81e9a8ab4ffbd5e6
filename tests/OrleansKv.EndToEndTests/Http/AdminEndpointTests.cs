using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Http;

[Collection(SharedClusterCollection.Name)]
public sealed class AdminEndpointTests(ThreeNodeProcessClusterFixture fixture)
{
    private TestNode Node(int k) => fixture.Cluster[k];

    [Fact]
    public async Task Status_describes_the_node_and_counts_its_live_keys()
    {
        await Node(1).Http.PutAsync("/keys/status-key", """{"value": 1, "consistency": "all"}""");

        var status = await Node(2).Http.GetJsonAsync("/admin/status");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal("node2", status.Text("node_id"));
        Assert.True(status.Body.GetProperty("local_keys").GetInt64() >= 1);
        Assert.Equal(3, status.Body.GetProperty("cluster_nodes").GetArrayLength());
        Assert.Equal(3, status.Body.GetProperty("hash_ring_nodes").GetArrayLength());
        Assert.Equal(3, status.Int("replication_factor"));
        Assert.Equal(Node(2).ProcessId, status.Int("pid"));
        Assert.Equal("active", status.Text("status"));
        // Other tests share this cluster, so the sample (20 keys in token order) need not include ours.
        Assert.InRange(status.Body.GetProperty("all_keys_sample").GetArrayLength(), 1, 20);
        Assert.Contains(Node(2).SiloPort.ToString(), status.Text("address"));
        Assert.True(status.Body.GetProperty("uptime_seconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task Nodes_lists_every_member_as_up_with_its_urls()
    {
        var nodes = await Node(3).Http.GetJsonAsync("/admin/nodes");

        var list = nodes.Body.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["node1", "node2", "node3"], list.Select(n => n.GetProperty("node_id").GetString()));
        Assert.All(list, n => Assert.Equal("up", n.GetProperty("status").GetString()));
        Assert.Equal($"http://127.0.0.1:{Node(1).HttpPort}", list[0].GetProperty("http_url").GetString());
        Assert.Equal(Node(1).GatewayPort, list[0].GetProperty("gateway_port").GetInt32());
    }

    [Fact]
    public async Task Ring_gives_each_node_its_tokens_and_a_share_summing_to_one()
    {
        var ring = await Node(1).Http.GetJsonAsync("/admin/ring");

        var nodes = ring.Body.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(256, n.GetProperty("token_values").GetArrayLength()));
        Assert.Equal(1.0, nodes.Sum(n => n.GetProperty("share").GetDouble()), 3);
        Assert.Equal(256, ring.Int("virtual_nodes_per_node"));
    }

    [Fact]
    public async Task Replicas_gives_the_preference_list_the_same_on_every_node()
    {
        var fromOne = await Node(1).Http.GetJsonAsync("/admin/replicas/some-key");
        var fromThree = await Node(3).Http.GetJsonAsync("/admin/replicas/some-key");

        Assert.Equal(3, fromOne.Body.GetProperty("replicas").GetArrayLength());
        Assert.Equal(3, fromOne.Int("up_replicas"));
        Assert.Equal(fromOne.Body.GetProperty("replicas").ToString(), fromThree.Body.GetProperty("replicas").ToString());
        Assert.Equal(16, fromOne.Text("token").Length);
    }

    [Fact]
    public async Task Repair_of_another_node_is_started_here_and_reported_there_and_unknown_nodes_get_a_json_404()
    {
        var started = await HttpJson.SendAsync(Node(1).Http, new HttpRequestMessage(HttpMethod.Post, "/admin/repair?node=node2"));
        var unknown = await HttpJson.SendAsync(Node(1).Http, new HttpRequestMessage(HttpMethod.Post, "/admin/repair?node=node9"));
        var unknownStatus = await Node(1).Http.GetJsonAsync("/admin/repair?node=nobody");

        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        Assert.Equal("node2", started.Text("node_id"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("node9", unknown.Text("error"));
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus.Status);
        HttpJson.Reply status = started;
        await Poll.UntilAsync(
            async () => (status = await Node(2).Http.GetJsonAsync("/admin/repair")).Text("state") != "running", "node2's repair to finish");
        Assert.Equal("done", status.Text("state"));
        Assert.Equal(started.Text("started_at"), status.Text("started_at"));
        Assert.True(status.Int("ranges_total") > 0);
        Assert.Equal(status.Int("ranges_total"), status.Int("ranges_done"));
    }

    [Fact]
    public async Task Health_says_live_and_ready()
    {
        var live = await Node(1).Http.GetJsonAsync("/health/live");
        var ready = await Node(1).Http.GetJsonAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("live", live.Text("status"));
        Assert.Equal(Node(1).ProcessId, live.Int("pid"));
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", ready.Text("status"));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints_and_the_reference_page_is_served()
    {
        var document = await Node(1).Http.GetJsonAsync("/openapi/v1.json");
        using var page = await Node(1).Http.GetAsync("/docs/index.html");
        var html = await page.Content.ReadAsStringAsync();

        var paths = document.Body.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/keys/{key}", paths);
        Assert.Contains("/admin/status", paths);
        Assert.Contains("/health/ready", paths);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger", html, StringComparison.OrdinalIgnoreCase);
    }
}
