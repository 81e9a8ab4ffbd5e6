using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Coordination;

/// <summary>Each test starts its own cluster because it stops a node.</summary>
public sealed class NodeFailureTests
{
    [Fact]
    public async Task With_one_node_stopped_quorum_reads_and_writes_succeed_and_all_fails_with_the_typed_error()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node3");

        var written = await cluster.Coordinator("node1").PutAsync("after-stop", [5], ConsistencyLevel.Quorum);
        var read = await cluster.Coordinator("node2").GetAsync("after-stop", ConsistencyLevel.Quorum);
        var error = await Assert.ThrowsAsync<ConsistencyNotMetException>(
            () => cluster.Coordinator("node1").PutAsync("after-stop", [6], ConsistencyLevel.All));

        Assert.Equal(["node1", "node2"], written.AcknowledgedBy.Order().ToArray());
        Assert.Equal(2, written.AttemptedReplicas);
        Assert.Contains(written.Failures, f => f.NodeId == "node3" && f.Reason.Contains("down"));
        Assert.Equal([5], read.Value);
        Assert.Equal(ConsistencyLevel.All, error.Level);
        Assert.Equal(3, error.RequiredReplicas);
        Assert.Empty(error.AcknowledgedBy);
        Assert.Equal(0, error.AttemptedReplicas);
        Assert.Equal(3, error.TotalReplicas);
        Assert.Contains(error.Failures, f => f.NodeId == "node3");
        Assert.Contains("node3", error.Message);
    }

    [Fact]
    public async Task Data_written_at_all_before_a_node_stops_is_readable_at_quorum_from_every_survivor()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        var keys = Enumerable.Range(0, 50).Select(i => $"durable/{i}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Coordinator("node1").PutAsync(key, [1, 2, 3], ConsistencyLevel.All);
        }

        await cluster.StopNodeAsync("node1");

        foreach (var survivor in new[] { "node2", "node3" })
        {
            foreach (var key in keys)
            {
                Assert.Equal([1, 2, 3], (await cluster.Coordinator(survivor).GetAsync(key, ConsistencyLevel.Quorum)).Value);
            }
        }
    }

    [Fact]
    public async Task With_two_of_three_nodes_stopped_quorum_fails_but_one_still_reads_and_writes()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.Coordinator("node1").PutAsync("lonely", [1], ConsistencyLevel.All);
        await cluster.StopNodeAsync("node2");
        await cluster.StopNodeAsync("node3");

        await Assert.ThrowsAsync<ConsistencyNotMetException>(
            () => cluster.Coordinator("node1").GetAsync("lonely", ConsistencyLevel.Quorum));
        Assert.Equal([1], (await cluster.Coordinator("node1").GetAsync("lonely", ConsistencyLevel.One)).Value);
        Assert.Single((await cluster.Coordinator("node1").PutAsync("lonely", [2], ConsistencyLevel.One)).AcknowledgedBy);
    }

    [Fact]
    public async Task A_coordinator_on_a_stopped_node_fails_at_once_with_node_unavailable()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node2");

        var error = await Assert.ThrowsAsync<NodeUnavailableException>(
            () => cluster.Coordinator("node2").GetAsync("k", ConsistencyLevel.One));

        Assert.Equal("node2", error.NodeId);
    }

    [Fact]
    public async Task In_a_five_node_cluster_every_node_coordinates_every_level_and_quorum_survives_a_stop()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(5);
        var keys = Enumerable.Range(0, 40).Select(i => $"five/{i}").ToArray();

        foreach (var node in cluster.NodeIds)
        {
            foreach (var level in QuorumReadWriteTests.PlainWriteLevels)
            {
                var key = $"five/{node}/{level}";
                var written = await cluster.Coordinator(node).PutAsync(key, [3], level);
                Assert.Equal(3, written.Replicas.Length);
                Assert.Equal([3], (await cluster.Coordinator(node).GetAsync(key, QuorumReadWriteTests.OverlappingReadLevel(level))).Value);
            }
        }

        foreach (var key in keys)
        {
            await cluster.Coordinator("node1").PutAsync(key, [4], ConsistencyLevel.All);
        }

        await cluster.StopNodeAsync("node4");

        foreach (var key in keys)
        {
            Assert.Equal([4], (await cluster.Coordinator("node5").GetAsync(key, ConsistencyLevel.Quorum)).Value);
            await cluster.Coordinator("node2").PutAsync(key, [5], ConsistencyLevel.Quorum);
        }
    }
}
