using OrleansKv.Bench.Drivers;
using OrleansKv.Bench.Running;
using OrleansKv.Consistency;

namespace OrleansKv.Bench.Reporting;

/// <summary>What one run measured; printed to the console and written, as is, to the JSON report.</summary>
public sealed record RunResult(
    string Driver,
    string Workload,
    string Consistency,
    int Concurrency,
    long KeySpace,
    IReadOnlyList<string> Targets,
    double DurationSeconds,
    long Operations,
    double OpsPerSecond,
    long NotFound,
    long ErrorCount,
    IReadOnlyDictionary<string, long> Errors,
    LatencySummary Latency,
    LatencySummary Reads,
    LatencySummary Writes)
{
    public static RunResult From(IKeyValueDriver driver, RunSettings settings, IReadOnlyList<LoopStats> loops, TimeSpan elapsed)
    {
        var reads = LoopStats.NewHistogram();
        var writes = LoopStats.NewHistogram();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var loop in loops)
        {
            reads.Add(loop.Reads);
            writes.Add(loop.Writes);
            foreach (var (kind, count) in loop.Errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }
        }

        var all = reads.Copy();
        all.Add(writes);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return new RunResult(
            driver.Name, settings.Workload.Name, settings.Level.ToWireName(), settings.Concurrency, settings.Keys.Count,
            driver.Targets, Math.Round(elapsed.TotalSeconds, 3), all.TotalCount, Math.Round(all.TotalCount / seconds, 1),
            loops.Sum(l => l.NotFound), errors.Values.Sum(), errors,
            LatencySummary.Of(all), LatencySummary.Of(reads), LatencySummary.Of(writes));
    }
}
