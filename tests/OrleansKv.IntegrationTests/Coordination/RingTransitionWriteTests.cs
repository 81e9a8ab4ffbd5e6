using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Coordination;
using OrleansKv.Ring;

namespace OrleansKv.IntegrationTests.Coordination;

/// <summary>Writes while the ring changes must meet the level on both rings, and no more than a ring can give.</summary>
public sealed class RingTransitionWriteTests
{
    /// <summary>Puts the whole cluster at <paramref name="record"/> at once, as a ring change's barrier would.</summary>
    private static async Task FollowAsync(KeyValueTestCluster cluster, RingRecord record)
    {
        Assert.True(await cluster.RingStore.TryWriteAsync(record, CancellationToken.None));
        foreach (var node in cluster.NodeIds)
        {
            Assert.Equal(record.Epoch, await cluster.Client.GetGrain<IRingMemberGrain>(node).RefreshAsync(record.Epoch));
        }
    }

    /// <summary><paramref name="nodeId"/> "joining" again: its ranges' writes need the level on the ring with it as well as without it.</summary>
    private static RingRecord Joining(RingRecord settled, string nodeId) => settled with
    {
        Epoch = settled.Epoch + 1, ChangeDriver = nodeId,
        Members = settled.Members.Select(m => m.NodeId == nodeId ? m with { State = RingMemberState.Joining } : m).ToArray(),
    };

    [Fact]
    public async Task Right_after_a_third_node_completes_its_join_a_write_at_all_succeeds_though_the_old_ring_had_two_nodes()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        var settled = await cluster.RingStore.ReadAsync(CancellationToken.None);

        // The step after node3's streaming: it owns its ranges, writes still reach the two-node ring before it.
        await FollowAsync(cluster, settled with
        {
            Epoch = settled.Epoch + 1, ChangeDriver = "node3", Previous = settled.Members.Where(m => m.NodeId != "node3").ToArray(),
        });
        var write = await cluster.Coordinator("node1").PutAsync("during-settle", [1, 2, 3], ConsistencyLevel.All);

        Assert.Equal(["node1", "node2", "node3"], write.AcknowledgedBy.Order());
    }

    [Fact]
    public async Task While_a_node_joins_a_quorum_write_waits_for_the_new_replicas_of_the_key_too()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3, replicationFactor: 2);
        var settled = await cluster.RingStore.ReadAsync(CancellationToken.None);

        // node3 "joining" again: its ranges' writes need a quorum of the ring with it as well as without it.
        var joining = Joining(settled, "node3");
        await FollowAsync(cluster, joining);
        var placement = await cluster.Coordinator("node1").GetReplicasAsync("k");
        var keys = Enumerable.Range(0, 50).Select(i => $"k{i}").ToList();
        var moved = new List<string>();
        foreach (var key in keys)
        {
            var write = await cluster.Coordinator("node1").PutAsync(key, [1], ConsistencyLevel.Quorum);
            if (write.AcknowledgedBy.Contains("node3"))
            {
                moved.Add(key);
            }
        }

        // Keys that node3 will replicate are written to it although it is not yet an owner of any.
        Assert.NotEmpty(moved);
        Assert.DoesNotContain("node3", placement.Replicas.Select(r => r.NodeId));
    }

    [Fact]
    public async Task A_write_planned_while_a_node_joins_reaches_the_joining_node_even_if_the_ring_moves_on_before_its_fan_out()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3, replicationFactor: 2);
        var settled = await cluster.RingStore.ReadAsync(CancellationToken.None);
        var joining = Joining(settled, "node3");
        await FollowAsync(cluster, joining);
        var coordinator = cluster.Service<RequestCoordinator>("node1");
        var key = Enumerable.Range(0, 200).Select(i => $"k{i}")
            .First(k => coordinator.Plan(k, ConsistencyLevel.Quorum, isWrite: true) is { Next: { } next, Owners: var owners }
                && next.Members.Contains("node3") && !owners.Members.Contains("node3"));
        var plan = coordinator.Plan(key, ConsistencyLevel.Quorum, isWrite: true);

        // Between planning and fan-out the join is called off: the view now has no second group and node3 owns nothing.
        await FollowAsync(cluster, joining with
        {
            Epoch = joining.Epoch + 1, ChangeDriver = null,
            Members = joining.Members.Select(m => m.NodeId == "node3" ? m with { State = RingMemberState.Removed } : m).ToArray(),
        });
        Assert.Null(coordinator.Plan(key, ConsistencyLevel.Quorum, isWrite: true).Next);

        var write = await coordinator.WriteAsync(plan, key, [1], ConsistencyLevel.Quorum);

        Assert.Contains("node3", write.AcknowledgedBy);
    }
}
