namespace OrleansKv.Grains.Time;

/// <summary>How far the node trusts other nodes' clocks.</summary>
public sealed class ClockOptions
{
    /// <summary>
    /// A version stamped more than this ahead of this node's clock is refused by its replica (the
    /// write fails there, with an error naming the node whose clock is ahead) and never moves this
    /// node's clock: one node a day ahead must not drag every clock forward for good. Default 5 s.
    /// </summary>
    public TimeSpan MaxClockDrift { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far ahead of the timestamps it has issued the node records a high-water mark on disk,
    /// so that after a restart (even with its wall clock stepped back) it never issues a version
    /// it may have issued before. One small write per this much time, at most. A restarted node
    /// starts from the mark, up to this far ahead of its wall clock, so it must stay well below
    /// <see cref="MaxClockDrift"/> (else peers refuse a restarted node's writes, or cannot stamp
    /// above them). Default 1 s.
    /// </summary>
    public TimeSpan HighWaterReserve { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// For fault-injection tests only: this node's clock runs this far ahead (or, negative, behind)
    /// of the machine's, as if its wall clock were wrong. Its versions and the grace-period rule
    /// (how long the node was away) see it, so a test can also restart nodes "later" without
    /// waiting. Default 0.
    /// </summary>
    public TimeSpan TestOffset { get; set; } = TimeSpan.Zero;
}
