using System.Diagnostics;
using OrleansKv.Bench.Drivers;
using OrleansKv.Bench.Reporting;

namespace OrleansKv.Bench.Running;

/// <summary>
/// Closed-loop load: N async loops, each sending its next request as soon as the previous one
/// answered. Timed runs record only operations that start after the warm-up and finish before
/// the end, so the rate is recorded operations over exactly the measured duration. A load
/// run writes every key once (no warm-up) and is timed from first to last write.
/// </summary>
public static class BenchRunner
{
    public static async Task<RunResult> RunAsync(IKeyValueDriver driver, RunSettings settings, CancellationToken cancellation)
    {
        var loops = Enumerable.Range(0, settings.Concurrency).Select(_ => new LoopStats()).ToArray();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = settings.Workload.IsLoad ? start : start + Ticks(settings.WarmUp);
        var measureUntil = settings.Workload.IsLoad ? long.MaxValue : measureFrom + Ticks(settings.Duration);
        var counter = new Counter();
        var phases = new ProgressPhases(start, measureFrom, measureUntil, settings.Workload.IsLoad ? settings.Keys.Count : null);

        using (ProgressLine.StartIfTerminal(counter, phases))
        {
            await Task.WhenAll(loops.Select((stats, i) => Task.Run(
                () => settings.Workload.IsLoad
                    ? LoadLoopAsync(driver, settings, i, stats, counter, cancellation)
                    : TimedLoopAsync(driver, settings, i, stats, counter, measureFrom, measureUntil, cancellation),
                CancellationToken.None)));
        }

        var elapsed = settings.Workload.IsLoad ? Stopwatch.GetElapsedTime(start) : settings.Duration;
        return RunResult.From(driver, settings, loops, elapsed);
    }

    private static async Task TimedLoopAsync(
        IKeyValueDriver driver, RunSettings settings, int loop, LoopStats stats, Counter counter,
        long measureFrom, long measureUntil, CancellationToken cancellation)
    {
        var random = new Random(settings.Seed + loop);
        while (!cancellation.IsCancellationRequested)
        {
            var read = settings.Workload.NextIsRead(random);
            var key = settings.Keys.Random(random);
            var began = Stopwatch.GetTimestamp();
            if (began >= measureUntil)
            {
                return;
            }

            var result = settings.Workload.IsConditional ? await driver.IncrementAsync(key, loop)
                : read ? await driver.GetAsync(key, settings.Level, loop)
                : await driver.PutAsync(key, settings.Level, loop);
            var ended = Stopwatch.GetTimestamp();
            counter.Increment();
            if (began >= measureFrom && ended <= measureUntil)
            {
                stats.Record(read, result, Micros(ended - began));
            }
        }
    }

    private static async Task LoadLoopAsync(
        IKeyValueDriver driver, RunSettings settings, int loop, LoopStats stats, Counter counter, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var index = counter.Increment() - 1;
            if (index >= settings.Keys.Count)
            {
                return;
            }

            var began = Stopwatch.GetTimestamp();
            var result = await driver.PutAsync(settings.Keys.KeyAt(index), settings.Level, loop);
            stats.Record(read: false, result, Micros(Stopwatch.GetTimestamp() - began));
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}

/// <summary>Operations started or finished so far, shared by the loops and the progress line.</summary>
public sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public long Increment() => Interlocked.Increment(ref _value);
}
