using HdrHistogram;

namespace OrleansKv.Bench.Reporting;

/// <summary>Latency percentiles of a set of operations, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary Of(HistogramBase micros) => micros.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            micros.TotalCount,
            Millis(micros.GetValueAtPercentile(50)),
            Millis(micros.GetValueAtPercentile(90)),
            Millis(micros.GetValueAtPercentile(99)),
            Millis(micros.GetValueAtPercentile(99.9)),
            Millis(micros.GetMaxValue()));

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);
}
