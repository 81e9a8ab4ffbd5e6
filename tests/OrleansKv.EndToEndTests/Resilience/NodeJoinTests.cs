using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Resilience;

public sealed class NodeJoinTests
{
    [Fact]
    public async Task A_node_started_with_a_new_id_joins_the_ring_and_takes_writes()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await using var node4 = new TestNode(4, cluster.DataDirectory);

        node4.Start();
        await Poll.UntilAsync(node4.IsReadyAsync, "node4 to be ready", TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(
            async () => (await ProcessCluster.UpNodesSeenByAsync(cluster[1])).Contains("node4"),
            "node1 to see node4 up");

        var ring = await cluster[1].Http.GetJsonAsync("/admin/ring");
        var nodes = ring.Body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node_id").GetString()).ToList();
        var keys = Enumerable.Range(0, 30).Select(i => $"after-join-{i}").ToList();
        var replicaSets = new List<string>();
        foreach (var key in keys)
        {
            var put = await node4.Http.PutAsync($"/keys/{key}", """{"value": 1, "consistency": "all"}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
            replicaSets.AddRange(put.Body.GetProperty("acknowledged_by").EnumerateArray().Select(e => e.GetString()!));
        }

        Assert.Equal(["node1", "node2", "node3", "node4"], nodes);
        Assert.Contains("node4", replicaSets);
        Assert.Contains("node1", replicaSets);
    }
}
