namespace OrleansKv.Grains.Time;

/// <summary>
/// A wall clock that is wrong by a fixed amount (<see cref="ClockOptions.TestOffset"/>): how
/// fault-injection tests skew one node's clock, or pass time for a whole cluster. Only the node's
/// hybrid logical clock (its versions, and the drift check against other nodes' versions) and the
/// grace-period rule (<c>ReplicaReadiness</c>: how long the node was away) see it; Orleans' own timers do not.
/// </summary>
internal sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public static TimeProvider Apply(TimeProvider inner, TimeSpan offset) => offset == TimeSpan.Zero ? inner : new OffsetTimeProvider(inner, offset);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
}
