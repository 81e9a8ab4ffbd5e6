using OrleansKv.Versioning;

namespace OrleansKv.Grains.Time;

/// <summary>
/// A hybrid logical clock (Kulkarni et al., 2014) packed in one long: the upper 48 bits are
/// Unix milliseconds, the lower <see cref="ValueVersion.LogicalBits"/> a counter. Timestamps it
/// issues are strictly increasing and never behind any timestamp it has observed, so a write
/// that follows a read of version v is stamped after v even when wall clocks disagree.
/// </summary>
/// <remarks>Lock-free: one compare-and-swap per timestamp; shared by all coordinators of a node.</remarks>
public sealed class HybridLogicalClock(TimeProvider time)
{
    private long _last;

    /// <summary>The wall clock this HLC reads: reads compare expiry instants against it.</summary>
    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>A new timestamp, greater than every one issued or observed before.</summary>
    public long Next()
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var physical = time.GetUtcNow().ToUnixTimeMilliseconds() << ValueVersion.LogicalBits;
            var next = physical > last ? physical : last + 1;
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>Moves the clock to at least <paramref name="observed"/>, a timestamp seen from another node.</summary>
    public void Observe(long observed)
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            if (observed <= last || Interlocked.CompareExchange(ref _last, observed, last) == last)
            {
                return;
            }
        }
    }
}
