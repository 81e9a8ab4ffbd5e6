using System.Globalization;

namespace OrleansKv.Bench.Reporting;

/// <summary>The human-readable summary of one run.</summary>
public static class ConsoleReport
{
    public static void Write(TextWriter output, RunResult run)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture,
            $"{run.Driver} {run.Workload} @{run.Consistency}: {run.Concurrency} loops, {run.KeySpace:N0} keys, {run.DurationSeconds:0.0} s, {string.Join(" ", run.Targets)}"));
        output.WriteLine(string.Create(culture, $"  ops/s        {run.OpsPerSecond,12:N0}   ({run.Operations:N0} ops, {run.NotFound:N0} not found)"));
        output.WriteLine(run.ErrorCount == 0
            ? "  errors       none"
            : $"  errors       {run.ErrorCount:N0}: " + string.Join(", ", run.Errors.Select(e => $"{e.Key} {e.Value:N0}")));
        WriteLatency(output, "latency ms", run.Latency);
        if (run.Reads.Count > 0 && run.Writes.Count > 0)
        {
            WriteLatency(output, "  reads", run.Reads);
            WriteLatency(output, "  writes", run.Writes);
        }
    }

    private static void WriteLatency(TextWriter output, string label, LatencySummary l) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-11}  p50 {l.P50Ms:0.000}  p90 {l.P90Ms:0.000}  p99 {l.P99Ms:0.000}  p99.9 {l.P999Ms:0.000}  max {l.MaxMs:0.000}"));
}
