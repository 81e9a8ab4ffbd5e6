using System.Globalization;
using OrleansKv.Time;

namespace OrleansKv.Grains.Time;

/// <summary>
/// The fence rule: a node judges its own clock by the nodes it reaches. A peer disagrees when its
/// offset is beyond the bound (half of <see cref="ClockOptions.MaxClockDrift"/>) even at the
/// favourable end of its error. Counting the node itself, which always agrees with itself:
/// more than half disagree → <see cref="ClockState.Fenced"/>; exactly half → <see cref="ClockState.Suspect"/>
/// (no majority can say which clock is wrong, so it keeps serving); fewer → <see cref="ClockState.Ok"/>.
/// With three nodes each off from the others, each is outvoted, and every one fences: the cluster
/// stops rather than stamp versions no majority trusts.
/// </summary>
/// <param name="State">The verdict.</param>
/// <param name="Reason">Why it is suspect or fenced, naming this node and the measured offsets; null when ok.</param>
public sealed record ClockVerdict(ClockState State, string? Reason)
{
    public static ClockVerdict Ok { get; } = new(ClockState.Ok, null);

    /// <param name="nodeId">The node judged.</param>
    /// <param name="peers">Each reachable peer's current estimate (peers with none are not reachable).</param>
    /// <param name="bound">How far a peer's clock may be from this node's before it disagrees.</param>
    public static ClockVerdict Judge(string nodeId, IReadOnlyList<(string Peer, ClockSample Estimate)> peers, TimeSpan bound)
    {
        var disagreeing = peers.Where(p => p.Estimate.Exceeds(bound)).ToArray();
        if (disagreeing.Length == 0)
        {
            return Ok;
        }

        var reachable = peers.Count + 1;
        var offsets = string.Join(", ", disagreeing.Select(p => $"{p.Peer} {Signed(p.Estimate.Offset)} ± {p.Estimate.Error.TotalMilliseconds:0.0} ms"));
        var limit = $"more than the {bound.TotalSeconds:0.0##} s allowed (half of OrleansKv:Clock:MaxClockDrift)";
        if (2 * disagreeing.Length > reachable)
        {
            // How far this node is from the majority: the median of the outvoting peers' offsets, turned round.
            var own = -disagreeing.Select(p => p.Estimate.Offset).Order().ElementAt(disagreeing.Length / 2);
            return new ClockVerdict(
                ClockState.Fenced,
                $"its clock is {Describe(own)} {disagreeing.Length} of the {reachable} nodes it reaches ({offsets}), {limit}; fix {nodeId}'s clock");
        }

        return 2 * disagreeing.Length == reachable
            ? new ClockVerdict(
                ClockState.Suspect,
                $"its clock and those of {disagreeing.Length} of the {reachable} nodes it reaches ({offsets}) differ by {limit}; no majority tells which clock is wrong")
            : Ok;
    }

    /// <summary>"20.0 s behind" or "3.1 s ahead of".</summary>
    private static string Describe(TimeSpan own) =>
        string.Create(CultureInfo.InvariantCulture, $"{own.Duration().TotalSeconds:0.0} s {(own < TimeSpan.Zero ? "behind" : "ahead of")}");

    private static string Signed(TimeSpan offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration().TotalSeconds:0.000} s");
}
