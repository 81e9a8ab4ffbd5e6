using OrleansKv.Bench.Workloads;
using OrleansKv.Consistency;

namespace OrleansKv.Bench.Running;

/// <summary>One measured run: a workload at a level, with closed-loop concurrency.</summary>
public sealed record RunSettings(
    Workload Workload,
    ConsistencyLevel Level,
    KeySpace Keys,
    int Concurrency,
    TimeSpan WarmUp,
    TimeSpan Duration,
    int Seed);
