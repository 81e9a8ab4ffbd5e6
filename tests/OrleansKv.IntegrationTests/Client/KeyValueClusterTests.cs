using OrleansKv.Client;
using OrleansKv.Cluster;
using OrleansKv.Consistency;

namespace OrleansKv.IntegrationTests.Client;

/// <summary>The node-by-node client the shell and the bench use: every call is served by the node it names.</summary>
public sealed class KeyValueClusterTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private readonly KeyValueCluster _cluster = new(fixture.Cluster.Client);

    [Fact]
    public async Task Puts_gets_and_deletes_are_coordinated_by_the_node_each_call_names()
    {
        var value = StoredJson.ToStoredString("v");

        var put = await _cluster.PutAsync("node2", "kc:a", value, ConsistencyLevel.All, TimeSpan.FromMinutes(5));
        var read = await _cluster.GetAsync("node3", "kc:a", ConsistencyLevel.Quorum);
        var inspection = await _cluster.InspectReplicasAsync("node1", "kc:a");
        var deleted = await _cluster.DeleteAsync("node1", "kc:a", ConsistencyLevel.All);
        var gone = await _cluster.GetAsync("node2", "kc:a", ConsistencyLevel.All);

        Assert.Equal(("node2", "node3", "node1"), (put.CoordinatorNode, read.CoordinatorNode, deleted.CoordinatorNode));
        Assert.Equal(value, read.Value);
        Assert.Equal(put.Version, read.Version);
        Assert.NotNull(read.ExpiresAt);
        Assert.Equal(3, inspection.Replicas.Count(r => r.State == ReplicaCopyState.Current));
        Assert.Null(gone.Value);
    }

    [Fact]
    public async Task The_ring_the_replicas_and_a_nodes_stats_come_from_the_nodes_named()
    {
        var ring = await _cluster.GetRingAsync("node3");
        var record = await _cluster.GetRingRecordAsync("node2");
        var placement = await _cluster.GetReplicasAsync("node1", "kc:b");
        var stats = await _cluster.GetStatsAsync("node2", 0);

        Assert.Equal(["node1", "node2", "node3"], ring.Nodes.Select(n => n.NodeId).Order());
        Assert.Equal(["node1", "node2", "node3"], record.Members.Select(m => m.NodeId).Order());
        Assert.Equal(3, placement.Replicas.Length);
        Assert.Equal("node2", stats.NodeId);
    }
}
