namespace OrleansKv.Time;

/// <summary>This node's clock, as measured against one peer's.</summary>
/// <param name="NodeId">The peer.</param>
/// <param name="OffsetMs">The peer's clock minus this node's, in milliseconds (negative: the peer is behind).</param>
/// <param name="ErrorMs">The bound on the error of <paramref name="OffsetMs"/>: half the round trip of the sample it was taken from.</param>
/// <param name="MeasuredAt">When that sample was taken, by this node's clock.</param>
[GenerateSerializer, Immutable, Alias("kv.PeerClockOffset")]
public sealed record PeerClockOffset(
    [property: Id(0)] string NodeId,
    [property: Id(1)] double OffsetMs,
    [property: Id(2)] double ErrorMs,
    [property: Id(3)] DateTimeOffset MeasuredAt);

/// <summary>A node's clock state and the offsets it is judged from.</summary>
/// <param name="State">Ok, suspect or fenced.</param>
/// <param name="Offsets">One entry per peer measured within the window.</param>
/// <param name="Reason">Why the node is suspect or fenced; null when ok.</param>
[GenerateSerializer, Immutable, Alias("kv.ClockStatus")]
public sealed record ClockStatus(
    [property: Id(0)] ClockState State,
    [property: Id(1)] PeerClockOffset[] Offsets,
    [property: Id(2)] string? Reason);
