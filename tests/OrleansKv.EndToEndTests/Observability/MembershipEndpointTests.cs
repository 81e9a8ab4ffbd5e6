using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>GET /admin/membership, which the console reads to show joining and leaving nodes.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class MembershipEndpointTests(ThreeNodeProcessClusterFixture fixture)
{
    [Fact]
    public async Task Every_node_of_a_healthy_cluster_is_up_in_membership_with_its_silo_address()
    {
        var reply = await fixture.Cluster[2].Http.GetJsonAsync("/admin/membership");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Body.GetProperty("version").GetInt64() > 0);
        var nodes = reply.Body.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["node1", "node2", "node3"], nodes.Select(n => n.GetProperty("node_id").GetString()));
        Assert.All(nodes, n => Assert.Equal("up", n.GetProperty("state").GetString()));
        Assert.Contains(nodes, n => n.GetProperty("address").GetString()!.Contains($":{fixture.Cluster[2].SiloPort}:"));
    }
}
