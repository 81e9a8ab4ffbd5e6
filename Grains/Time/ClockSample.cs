namespace OrleansKv.Grains.Time;

/// <summary>
/// One reading of a peer's clock: the peer's time minus this node's at the midpoint of the round
/// trip (Cristian's method). The true offset lies within <see cref="Error"/> of
/// <see cref="Offset"/>, whatever the split of the round trip between the two directions.
/// </summary>
/// <param name="Offset">The peer's clock minus this node's (positive: the peer is ahead).</param>
/// <param name="RoundTrip">The round trip of the call that carried the reading.</param>
/// <param name="Timestamp">When it was taken, as a monotonic <see cref="TimeProvider.GetTimestamp"/> reading.</param>
/// <param name="MeasuredAt">When it was taken, by this node's wall clock (for display).</param>
public readonly record struct ClockSample(TimeSpan Offset, TimeSpan RoundTrip, long Timestamp, DateTimeOffset MeasuredAt)
{
    /// <summary>Half the round trip: the most the reading can be off by.</summary>
    public TimeSpan Error => RoundTrip / 2;

    /// <summary>
    /// A sample from a call sent at <paramref name="sentAt"/> (this node's wall clock) that took
    /// <paramref name="roundTrip"/> and read <paramref name="peerTime"/> on the peer.
    /// </summary>
    public static ClockSample Of(DateTimeOffset sentAt, TimeSpan roundTrip, DateTimeOffset peerTime, long timestamp) =>
        new(peerTime - (sentAt + roundTrip / 2), roundTrip, timestamp, sentAt + roundTrip);

    /// <summary>True when the offset is beyond <paramref name="bound"/> even at the most favourable end of its error.</summary>
    public bool Exceeds(TimeSpan bound) => Offset.Duration() - Error > bound;
}
