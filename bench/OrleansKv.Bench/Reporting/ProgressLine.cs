using System.Diagnostics;
using OrleansKv.Bench.Running;

namespace OrleansKv.Bench.Reporting;

/// <summary>When a run measures, in Stopwatch ticks; <see cref="LoadKeys"/> is set for a load run.</summary>
public sealed record ProgressPhases(long Start, long MeasureFrom, long MeasureUntil, long? LoadKeys);

/// <summary>
/// A single status line rewritten once a second (phase, elapsed, current ops/s), erased when
/// disposed. Shown only when stdout is a terminal, so redirected output never contains it.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private readonly PeriodicTimer _timer = new(TimeSpan.FromSeconds(1));
    private readonly TextWriter _output;
    private bool _stopped;

    private ProgressLine(TextWriter output, Counter counter, ProgressPhases phases)
    {
        _output = output;
        _ = RunAsync(counter, phases);
    }

    public static ProgressLine? StartIfTerminal(Counter counter, ProgressPhases phases) =>
        Console.IsOutputRedirected ? null : new ProgressLine(Console.Out, counter, phases);

    public void Dispose()
    {
        _timer.Dispose();
        lock (_output)
        {
            _stopped = true;
            _output.Write("\r" + new string(' ', 78) + "\r");
        }
    }

    private async Task RunAsync(Counter counter, ProgressPhases phases)
    {
        var last = counter.Value;
        var lastAt = Stopwatch.GetTimestamp();
        while (await _timer.WaitForNextTickAsync())
        {
            var now = Stopwatch.GetTimestamp();
            var count = counter.Value;
            var rate = (count - last) / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
            (last, lastAt) = (count, now);
            var phase = phases.LoadKeys is { } keys ? $"load {Math.Min(count, keys):N0}/{keys:N0}"
                : now < phases.MeasureFrom ? "warm-up"
                : "measure";
            var elapsed = Stopwatch.GetElapsedTime(phases.Start, now).TotalSeconds;
            lock (_output)
            {
                if (!_stopped)
                {
                    _output.Write($"\r  {phase,-24} {elapsed,6:0.0} s {rate,12:N0} ops/s   ");
                }
            }
        }
    }
}
