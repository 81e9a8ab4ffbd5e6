using Microsoft.Extensions.Time.Testing;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Time;

public sealed class HybridLogicalClockTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));

    [Fact]
    public void Timestamps_strictly_increase_while_the_wall_clock_stands_still()
    {
        var clock = new HybridLogicalClock(_time);

        var a = clock.Next();
        var b = clock.Next();

        Assert.True(b > a);
        Assert.Equal(a >> ValueVersion.LogicalBits, b >> ValueVersion.LogicalBits);
    }

    [Fact]
    public void Timestamps_follow_the_wall_clock_when_it_moves_forward()
    {
        var clock = new HybridLogicalClock(_time);
        clock.Next();

        _time.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(1_000_005L << ValueVersion.LogicalBits, clock.Next());
    }

    [Fact]
    public void Timestamps_never_go_back_when_the_wall_clock_does()
    {
        var wall = new StepBackTimeProvider { Now = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000) };
        var clock = new HybridLogicalClock(wall);
        var before = clock.Next();

        wall.Now = DateTimeOffset.FromUnixTimeMilliseconds(500_000);

        Assert.True(clock.Next() > before);
    }

    [Fact]
    public void A_timestamp_after_observing_a_remote_one_is_later_than_it()
    {
        var clock = new HybridLogicalClock(_time);
        // 3 s ahead: within the allowed drift (5 s), so it counts.
        var remote = 1_003_000L << ValueVersion.LogicalBits;

        clock.Observe(remote);

        Assert.True(clock.Next() > remote);
    }

    [Fact]
    public void Concurrent_callers_never_get_the_same_timestamp()
    {
        var clock = new HybridLogicalClock(_time);

        var stamps = new long[4][];
        Parallel.For(0, 4, t => stamps[t] = Enumerable.Range(0, 10_000).Select(_ => clock.Next()).ToArray());

        var all = stamps.SelectMany(s => s).ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    /// <summary>FakeTimeProvider refuses to go back in time; real clocks sometimes do (NTP steps).</summary>
    private sealed class StepBackTimeProvider : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void After_a_restart_with_the_wall_clock_stepped_back_timestamps_still_increase()
    {
        using var directory = new TestDirectory();
        long lastBefore;
        using (var database = OrleansKv.Grains.Storage.NodeDatabase.Open(directory.Path))
        {
            var clock = new HybridLogicalClock(_time, new OrleansKv.Grains.Storage.NodeMetadataStore(database), new ClockOptions());
            for (var i = 0; i < 1000; i++)
            {
                clock.Next();
            }

            _time.Advance(TimeSpan.FromSeconds(30));
            lastBefore = clock.Next();
        }

        var steppedBack = new FakeTimeProvider(_time.GetUtcNow().AddMinutes(-10));
        using (var database = OrleansKv.Grains.Storage.NodeDatabase.Open(directory.Path))
        {
            var restarted = new HybridLogicalClock(steppedBack, new OrleansKv.Grains.Storage.NodeMetadataStore(database), new ClockOptions());
            Assert.True(restarted.Next() > lastBefore);
        }
    }

    [Fact]
    public void A_timestamp_further_ahead_than_the_allowed_drift_does_not_move_the_clock()
    {
        var clock = new HybridLogicalClock(_time, null, new ClockOptions { MaxClockDrift = TimeSpan.FromSeconds(5) });
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds() << ValueVersion.LogicalBits;
        var dayAhead = (_time.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds()) << ValueVersion.LogicalBits;
        var secondsAhead = (_time.GetUtcNow().AddSeconds(3).ToUnixTimeMilliseconds()) << ValueVersion.LogicalBits;

        Assert.False(clock.Observe(dayAhead));
        Assert.True(clock.Next() < dayAhead);
        Assert.True(clock.Observe(secondsAhead));
        Assert.True(clock.Next() > secondsAhead);
        Assert.True(clock.IsTooFarAhead(dayAhead));
        Assert.False(clock.IsTooFarAhead(now));
    }
}
