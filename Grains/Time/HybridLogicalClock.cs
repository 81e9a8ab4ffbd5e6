using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Time;

/// <summary>
/// A hybrid logical clock (Kulkarni et al., 2014) packed in one long: the upper 48 bits are
/// Unix milliseconds, the lower <see cref="ValueVersion.LogicalBits"/> a counter. Timestamps it
/// issues are strictly increasing and never behind any timestamp it has observed, so a write
/// that follows a read of version v is stamped after v even when wall clocks disagree.
/// </summary>
/// <remarks>
/// Lock-free: one compare-and-swap per timestamp; shared by all coordinators of a node. With a
/// <see cref="NodeMetadataStore.ClockHighWater"/> mark, the clock persists a mark some time ahead of what it issues
/// (one write per <see cref="ClockOptions.HighWaterReserve"/> at most) and starts from it, so
/// timestamps stay unique and increasing across restarts, even if the wall clock stepped back.
/// Observed timestamps more than <see cref="ClockOptions.MaxClockDrift"/> ahead are ignored.
/// </remarks>
public sealed class HybridLogicalClock
{
    private readonly TimeProvider _time;
    private readonly NodeMetadataStore? _mark;
    private readonly long _reserveAhead;
    private readonly long _maxDrift;
    private readonly object _reserveLock = new();
    private long _last;
    private long _reserved;

    public HybridLogicalClock(TimeProvider time)
        : this(time, null, new ClockOptions())
    {
    }

    public HybridLogicalClock(TimeProvider time, NodeMetadataStore? mark, ClockOptions options)
    {
        _time = time;
        _mark = mark;
        _reserveAhead = (long)options.HighWaterReserve.TotalMilliseconds << ValueVersion.LogicalBits;
        _maxDrift = (long)options.MaxClockDrift.TotalMilliseconds << ValueVersion.LogicalBits;
        _last = _reserved = mark?.ClockHighWater ?? 0;
    }

    /// <summary>The wall clock this HLC reads: reads compare expiry instants against it.</summary>
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>A new timestamp, greater than every one issued or observed before (and, with a mark, before a restart).</summary>
    public long Next()
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var physical = Physical();
            var next = physical > last ? physical : last + 1;
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                Reserve(next);
                return next;
            }
        }
    }

    /// <summary>
    /// Moves the clock to at least <paramref name="observed"/>, a timestamp seen from another
    /// node, unless it is further ahead of this node's wall clock than the allowed drift; false then.
    /// </summary>
    public bool Observe(long observed)
    {
        if (IsTooFarAhead(observed))
        {
            return false;
        }

        while (true)
        {
            var last = Volatile.Read(ref _last);
            if (observed <= last)
            {
                return true;
            }

            if (Interlocked.CompareExchange(ref _last, observed, last) == last)
            {
                Reserve(observed);
                return true;
            }
        }
    }

    /// <summary>True when <paramref name="timestamp"/> is more than the allowed drift ahead of this node's wall clock.</summary>
    public bool IsTooFarAhead(long timestamp) => timestamp - Physical() > _maxDrift;

    private long Physical() => _time.GetUtcNow().ToUnixTimeMilliseconds() << ValueVersion.LogicalBits;

    // Persisted before the timestamp is used: a crash right after can only leave the mark ahead.
    private void Reserve(long timestamp)
    {
        if (_mark is null || timestamp <= Volatile.Read(ref _reserved))
        {
            return;
        }

        lock (_reserveLock)
        {
            if (timestamp > _reserved)
            {
                var reserved = timestamp + _reserveAhead;
                _mark.StoreClockHighWater(reserved);
                Volatile.Write(ref _reserved, reserved);
            }
        }
    }
}
