using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.UnitTests.Ring;

public sealed class RingTopologyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_settled_ring_reads_and_writes_its_owners_only()
    {
        var topology = RingTopology.From(RingChanges.Bootstrap(["node1", "node2", "node3"], 32, Now));

        Assert.True(topology.Settled);
        Assert.Null(topology.Transition);
        Assert.Equal(["node1", "node2", "node3"], topology.Current.Nodes);
    }

    [Fact]
    public void While_a_node_joins_reads_use_the_old_owners_and_writes_also_need_the_ring_with_it()
    {
        var topology = RingTopology.From(RingChanges.Join(RingChanges.Bootstrap(["node1", "node2", "node3"], 32, Now), "node4", 32, Now));

        Assert.Equal(["node1", "node2", "node3"], topology.Current.Nodes);
        Assert.Equal(["node1", "node2", "node3", "node4"], topology.Transition!.Nodes);
        Assert.Same(topology.Transition, topology.Next);
    }

    [Fact]
    public void Once_a_join_completes_reads_use_the_new_owners_and_writes_also_need_the_old_ones_until_settled()
    {
        var joining = RingChanges.Join(RingChanges.Bootstrap(["node1", "node2", "node3"], 32, Now), "node4", 32, Now);
        var topology = RingTopology.From(RingChanges.CompleteJoin(joining, "node4", Now));

        Assert.Equal(["node1", "node2", "node3", "node4"], topology.Current.Nodes);
        Assert.Equal(["node1", "node2", "node3"], topology.Transition!.Nodes);
        Assert.Same(topology.Current, topology.Next);
    }

    [Fact]
    public void A_leaving_node_still_owns_its_ranges_and_the_next_ring_is_without_it()
    {
        var topology = RingTopology.From(RingChanges.Leave(RingChanges.Bootstrap(["node1", "node2", "node3", "node4"], 32, Now), "node2", "node2", 3, Now));

        Assert.Equal(["node1", "node2", "node3", "node4"], topology.Current.Nodes);
        Assert.Equal(["node1", "node3", "node4"], topology.Next.Nodes);
        Assert.Equal(RingMemberState.Leaving, topology.StateOf("node2"));
    }
}
