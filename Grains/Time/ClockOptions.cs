using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Time;

/// <summary>How far the node trusts other nodes' clocks.</summary>
public sealed class ClockOptions : IValidatableObject
{
    /// <summary>
    /// A version stamped more than this ahead of this node's clock is refused by its replica (the
    /// write fails there, with an error naming the node whose clock is ahead) and never moves this
    /// node's clock: one node a day ahead must not drag every clock forward for good. A node whose
    /// clock is more than half of this off from a majority of the nodes it reaches fences itself
    /// (<see cref="ClockFence"/>). Default 5 s.
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
    /// How often the node reads every peer's clock to estimate its offset from it (one small
    /// message per peer). Default 1 s.
    /// </summary>
    public TimeSpan OffsetProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The window of readings an offset is estimated from (the reading with the smallest round
    /// trip wins); a peer with no reading in it does not count as reachable for the fence rule.
    /// A clock that is stepped shows within this long. Default 10 s.
    /// </summary>
    public TimeSpan OffsetWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For fault-injection tests only: this node's clock runs this far ahead (or, negative, behind)
    /// of the machine's, as if its wall clock were wrong. Its versions and the grace-period rule
    /// (how long the node was away) see it, so a test can also restart nodes "later" without
    /// waiting. Default 0.
    /// </summary>
    public TimeSpan TestOffset { get; set; } = TimeSpan.Zero;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="ClockOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxClockDrift <= TimeSpan.Zero)
        {
            yield return Invalid("MaxClockDrift must be positive.");
        }

        if (HighWaterReserve <= TimeSpan.Zero)
        {
            yield return Invalid("HighWaterReserve must be positive.");
        }

        if (OffsetProbeInterval <= TimeSpan.Zero)
        {
            yield return Invalid("OffsetProbeInterval must be positive.");
        }

        if (OffsetWindow < OffsetProbeInterval * 2)
        {
            yield return Invalid("OffsetWindow must be at least twice OrleansKv:Clock:OffsetProbeInterval, so it holds more than one reading.");
        }

        if (HighWaterReserve * 2 > MaxClockDrift)
        {
            yield return Invalid("HighWaterReserve must be at most half of OrleansKv:Clock:MaxClockDrift: a restarted node stamps up to the reserve ahead of its clock.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Clock:{rule}");
}

/// <summary>Validates <see cref="ClockOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class ClockOptionsValidator : IValidateOptions<ClockOptions>;
