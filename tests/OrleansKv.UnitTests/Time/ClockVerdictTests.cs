using OrleansKv.Grains.Time;
using OrleansKv.Time;

namespace OrleansKv.UnitTests.Time;

public sealed class ClockVerdictTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2.5);

    private static (string, ClockSample) Peer(string name, double offsetSeconds, double roundTripMs = 1) =>
        (name, new ClockSample(TimeSpan.FromSeconds(offsetSeconds), TimeSpan.FromMilliseconds(roundTripMs), 0, DateTimeOffset.UnixEpoch));

    [Fact]
    public void A_node_twenty_seconds_behind_two_agreeing_peers_is_fenced_and_told_to_fix_its_own_clock()
    {
        var verdict = ClockVerdict.Judge("node1", [Peer("node2", 20.1), Peer("node3", 19.9)], Bound);

        Assert.Equal(ClockState.Fenced, verdict.State);
        Assert.Contains("20.1 s behind", verdict.Reason);
        Assert.Contains("fix node1's clock", verdict.Reason);
    }

    [Fact]
    public void A_node_that_agrees_with_one_of_two_peers_is_ok_although_the_other_is_off()
    {
        var verdict = ClockVerdict.Judge("node2", [Peer("node1", -20), Peer("node3", 0.001)], Bound);

        Assert.Equal(ClockVerdict.Ok, verdict);
    }

    [Fact]
    public void With_two_nodes_that_disagree_neither_can_tell_and_both_are_suspect()
    {
        Assert.Equal(ClockState.Suspect, ClockVerdict.Judge("node1", [Peer("node2", 4)], Bound).State);
        Assert.Equal(ClockState.Suspect, ClockVerdict.Judge("node2", [Peer("node1", -4)], Bound).State);
    }

    [Fact]
    public void Three_nodes_each_off_from_the_others_all_fence()
    {
        // node1 at 0 s, node2 at +10 s, node3 at +20 s: each disagrees with both others.
        Assert.Equal(ClockState.Fenced, ClockVerdict.Judge("node1", [Peer("node2", 10), Peer("node3", 20)], Bound).State);
        Assert.Equal(ClockState.Fenced, ClockVerdict.Judge("node2", [Peer("node1", -10), Peer("node3", 10)], Bound).State);
        Assert.Equal(ClockState.Fenced, ClockVerdict.Judge("node3", [Peer("node1", -20), Peer("node2", -10)], Bound).State);
    }

    [Fact]
    public void An_offset_within_its_error_of_the_bound_does_not_count_as_disagreement()
    {
        // 3 s off but with a 2 s round trip: the true offset may be 2 s, within the bound.
        var verdict = ClockVerdict.Judge("node1", [Peer("node2", 3, roundTripMs: 2000), Peer("node3", 3, roundTripMs: 2000)], Bound);

        Assert.Equal(ClockState.Ok, verdict.State);
    }

    [Fact]
    public void A_node_alone_has_nothing_to_judge_by_and_is_ok()
    {
        Assert.Equal(ClockVerdict.Ok, ClockVerdict.Judge("node1", [], Bound));
    }

    [Fact]
    public void A_sample_is_the_peers_time_minus_the_midpoint_of_the_round_trip_with_half_of_it_as_error()
    {
        var sentAt = DateTimeOffset.UnixEpoch.AddSeconds(100);

        var sample = ClockSample.Of(sentAt, TimeSpan.FromMilliseconds(10), sentAt.AddSeconds(-20).AddMilliseconds(5), 0);

        Assert.Equal(TimeSpan.FromSeconds(-20), sample.Offset);
        Assert.Equal(TimeSpan.FromMilliseconds(5), sample.Error);
    }
}
