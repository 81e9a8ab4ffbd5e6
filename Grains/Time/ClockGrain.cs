using Orleans.Concurrency;
using OrleansKv.Grains.Placement;
using OrleansKv.Time;

namespace OrleansKv.Grains.Time;

/// <summary>
/// Answers peers' clock readings with this node's wall clock, the one its hybrid logical clock
/// reads. Pinned to its node (a reading of another node's clock would be worthless) and
/// reentrant, so a reading waits for nothing but the message itself.
/// </summary>
[NodePinnedPlacement, Reentrant]
public sealed class ClockGrain(HybridLogicalClock clock) : Grain, IClockGrain
{
    public ValueTask<long> ReadAsync() => ValueTask.FromResult(clock.UtcNow.UtcTicks);
}
