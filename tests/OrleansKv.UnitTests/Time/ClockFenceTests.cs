using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Errors;
using OrleansKv.Grains.Time;
using OrleansKv.Time;

namespace OrleansKv.UnitTests.Time;

public sealed class ClockFenceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ClockFence _fence;

    public ClockFenceTests() =>
        _fence = new ClockFence(Options.Create(new ClockOptions()), _time, "node1", NullLogger<ClockFence>.Instance);

    private void Read(string peer, double offsetSeconds, double roundTripMs = 1, string? generation = null) =>
        _fence.Record(peer, generation ?? peer + "@1", new ClockSample(
            TimeSpan.FromSeconds(offsetSeconds), TimeSpan.FromMilliseconds(roundTripMs), _time.GetTimestamp(), _time.GetUtcNow()));

    [Fact]
    public void Outvoted_it_refuses_with_an_error_that_names_itself_and_unfences_when_its_clock_is_back()
    {
        Read("node2", 20);
        Read("node3", 20);
        _fence.Evaluate(["node2", "node3"]);

        var refused = Assert.Throws<ClockFencedException>(_fence.EnsureNotFenced);
        Assert.Equal("node1", refused.NodeId);
        Assert.Contains("20.0 s behind", refused.Message);

        // The clock is fixed: a restarted peer series or fresh readings agree again once the old ones leave the window.
        _time.Advance(TimeSpan.FromSeconds(11));
        Read("node2", 0.002);
        Read("node3", -0.001);
        _fence.Evaluate(["node2", "node3"]);

        Assert.Equal(ClockState.Ok, _fence.Status.State);
        _fence.EnsureNotFenced();
    }

    [Fact]
    public void The_reading_with_the_smallest_round_trip_in_the_window_is_the_estimate()
    {
        Read("node2", 0.9, roundTripMs: 40);
        Read("node2", 0.1, roundTripMs: 2);
        Read("node2", 0.5, roundTripMs: 20);

        var status = _fence.Evaluate(["node2"]);

        var offset = Assert.Single(status.Offsets);
        Assert.Equal(100, offset.OffsetMs, precision: 3);
        Assert.Equal(1, offset.ErrorMs, precision: 3);
    }

    [Fact]
    public void A_peer_that_restarted_starts_a_new_series_so_its_old_offset_is_forgotten_at_once()
    {
        Read("node2", 20, roundTripMs: 1, generation: "node2@1");
        Read("node2", 0, roundTripMs: 30, generation: "node2@2");

        var status = _fence.Evaluate(["node2"]);

        Assert.Equal(0, Assert.Single(status.Offsets).OffsetMs, precision: 3);
    }

    [Fact]
    public void A_peer_with_no_reading_in_the_window_or_gone_from_membership_does_not_vote()
    {
        Read("node2", 20);
        Read("node3", 20);
        _time.Advance(TimeSpan.FromSeconds(11));
        Read("node3", 20);

        // node2's only reading left the window: one of two reachable disagrees, a tie.
        Assert.Equal(ClockState.Suspect, _fence.Evaluate(["node2", "node3"]).State);
        Assert.Equal(ClockState.Ok, _fence.Evaluate(["node2"]).State);
    }

    [Fact]
    public void Drift_errors_name_the_clock_that_disagrees_with_the_majority()
    {
        Assert.Contains("not measured", _fence.ClockToCheck("node2"));

        Read("node2", 20);
        Read("node3", 0);
        _fence.Evaluate(["node2", "node3"]);
        Assert.Equal("node2", _fence.ClockToCheck("node2"));

        Read("node3", 20);
        _time.Advance(TimeSpan.FromSeconds(11));
        Read("node2", 20);
        Read("node3", 20);
        _fence.Evaluate(["node2", "node3"]);
        Assert.Equal("node1", _fence.ClockToCheck("node2"));
    }
}
