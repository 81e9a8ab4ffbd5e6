using OrleansKv.Errors;
using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.UnitTests.Ring;

public sealed class RingChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static RingRecord ThreeNodes() => RingChanges.Bootstrap(["node2", "node1", "node3"], 16, Now);

    [Fact]
    public void Bootstrap_makes_every_node_normal_at_epoch_one_with_the_tokens_it_has_always_had()
    {
        var record = ThreeNodes();

        Assert.Equal(1, record.Epoch);
        Assert.Equal(["node1", "node2", "node3"], record.Members.Select(m => m.NodeId));
        Assert.All(record.Members, m => Assert.Equal(RingMemberState.Normal, m.State));
        Assert.Equal(HashRing.TokensFor("node2", 16), record.Member("node2")!.Tokens);
        Assert.False(record.ChangeInProgress);
    }

    [Fact]
    public void A_join_goes_joining_then_normal_with_the_old_owners_kept_then_settled_one_epoch_at_a_time()
    {
        var joining = RingChanges.Join(ThreeNodes(), "node4", 16, Now);
        var complete = RingChanges.CompleteJoin(joining, "node4", Now);
        var settled = RingChanges.Settle(complete, Now);

        Assert.Equal([2L, 3L, 4L], new[] { joining.Epoch, complete.Epoch, settled.Epoch });
        Assert.Equal(RingMemberState.Joining, joining.Member("node4")!.State);
        Assert.Equal("node4", joining.ChangeDriver);
        Assert.Equal(RingMemberState.Normal, complete.Member("node4")!.State);
        Assert.Equal(["node1", "node2", "node3"], complete.Previous!.Select(m => m.NodeId));
        Assert.True(complete.ChangeInProgress);
        Assert.Null(settled.Previous);
        Assert.Null(settled.ChangeDriver);
        Assert.False(settled.ChangeInProgress);
    }

    [Fact]
    public void A_second_change_while_one_runs_is_refused_as_a_conflict()
    {
        var joining = RingChanges.Join(ThreeNodes(), "node4", 16, Now);

        var join = Assert.Throws<RingChangeRejectedException>(() => RingChanges.Join(joining, "node5", 16, Now));
        var leave = Assert.Throws<RingChangeRejectedException>(() => RingChanges.Leave(joining, "node1", "node1", 0, Now));
        var settling = Assert.Throws<RingChangeRejectedException>(() => RingChanges.Join(RingChanges.CompleteJoin(joining, "node4", Now), "node5", 16, Now));

        Assert.All(new[] { join, leave, settling }, e => Assert.Equal(RingChangeRejection.Conflict, e.Reason));
        Assert.Contains("node4 is joining", join.Message);
        Assert.Contains("settling", settling.Message);
    }

    [Fact]
    public void A_decommission_that_would_leave_fewer_nodes_than_the_replication_factor_is_refused()
    {
        var error = Assert.Throws<RingChangeRejectedException>(() => RingChanges.Leave(ThreeNodes(), "node3", "node3", 3, Now));

        Assert.Contains("fewer than the replication factor 3", error.Message);
    }

    [Fact]
    public void A_leave_ends_with_the_node_removed_without_tokens_and_its_old_ownership_kept_until_settled()
    {
        var leaving = RingChanges.Leave(ThreeNodes(), "node3", "node1", 0, Now);
        var complete = RingChanges.CompleteLeave(leaving, "node3", Now);

        Assert.Equal(RingMemberState.Leaving, leaving.Member("node3")!.State);
        Assert.Equal("node1", leaving.ChangeDriver);
        Assert.Equal(RingMemberState.Removed, complete.Member("node3")!.State);
        Assert.Empty(complete.Member("node3")!.Tokens);
        Assert.Contains(complete.Previous!, m => m.NodeId == "node3" && m.Tokens.Length == 16);
    }

    [Fact]
    public void Removing_a_dead_joining_node_takes_it_out_at_once_and_a_stalled_leave_gets_a_new_driver()
    {
        var joining = RingChanges.Join(ThreeNodes(), "node4", 16, Now);
        var removed = RingChanges.Leave(joining, "node4", "node1", 0, Now);
        var leaving = RingChanges.Leave(ThreeNodes(), "node3", "node3", 0, Now);
        var takenOver = RingChanges.Leave(leaving, "node3", "node2", 0, Now);

        Assert.Equal(RingMemberState.Removed, removed.Member("node4")!.State);
        Assert.False(removed.ChangeInProgress);
        Assert.Equal("node2", takenOver.ChangeDriver);
        Assert.Equal(RingMemberState.Leaving, takenOver.Member("node3")!.State);
    }

    [Fact]
    public void A_removed_id_may_join_again_as_a_new_node_but_an_unknown_one_cannot_leave()
    {
        var removed = RingChanges.Settle(RingChanges.CompleteLeave(RingChanges.Leave(ThreeNodes(), "node3", "node3", 0, Now), "node3", Now), Now);

        var rejoined = RingChanges.Join(removed, "node3", 16, Now);
        var unknown = Assert.Throws<RingChangeRejectedException>(() => RingChanges.Leave(removed, "node9", "node1", 0, Now));

        Assert.Equal(RingMemberState.Joining, rejoined.Member("node3")!.State);
        Assert.Equal(RingChangeRejection.UnknownNode, unknown.Reason);
    }
}
