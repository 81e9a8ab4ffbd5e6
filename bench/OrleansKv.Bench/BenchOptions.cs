using OrleansKv.Bench.Workloads;
using OrleansKv.Consistency;

namespace OrleansKv.Bench;

/// <summary>Everything the command line decides; every workload runs at every level, in order.</summary>
public sealed record BenchOptions(
    string Driver,
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<ConsistencyLevel> Levels,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int Concurrency,
    long Keys,
    string KeyPrefix,
    int ValueSize,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Coordinators,
    bool Preload,
    string? JsonPath,
    int Seed,
    TimeSpan RequestTimeout)
{
    public const string Http = "http";
    public const string Orleans = "orleans";

    /// <summary>The local cluster's defaults (README): HTTP 8001-8003, gateways 30001-30003.</summary>
    public static IReadOnlyList<string> DefaultTargets(string driver, int portOffset) => driver == Orleans
        ? [.. Enumerable.Range(1, 3).Select(k => $"127.0.0.1:{30000 + portOffset + k}")]
        : [.. Enumerable.Range(1, 3).Select(k => $"http://127.0.0.1:{8000 + portOffset + k}")];
}
