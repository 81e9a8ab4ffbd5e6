using OrleansKv.Consistency;
using OrleansKv.Results;

namespace OrleansKv.Errors;

/// <summary>
/// Fewer replicas answered than the consistency level requires. For a write, the replicas that
/// did acknowledge keep the value: the write is not rolled back (Dynamo semantics), and a replica
/// that timed out may still apply it, or get it from a hint. "Not acknowledged" is not "not
/// written": <see cref="MayHaveBeenApplied"/> says whether any replica may hold it.
/// </summary>
[GenerateSerializer, Alias("kv.ConsistencyNotMetException")]
public sealed class ConsistencyNotMetException : Exception
{
    public ConsistencyNotMetException(
        string key, ConsistencyLevel level, int requiredReplicas, string[] acknowledgedBy,
        int attemptedReplicas, int totalReplicas, ReplicaFailure[] failures, bool mayHaveBeenApplied = false)
        : base(Describe(key, level, requiredReplicas, acknowledgedBy, attemptedReplicas, failures))
    {
        Key = key;
        Level = level;
        RequiredReplicas = requiredReplicas;
        AcknowledgedBy = acknowledgedBy;
        AttemptedReplicas = attemptedReplicas;
        TotalReplicas = totalReplicas;
        Failures = failures;
        MayHaveBeenApplied = mayHaveBeenApplied;
    }

    [Id(0)] public string Key { get; }
    [Id(1)] public ConsistencyLevel Level { get; }
    [Id(2)] public int RequiredReplicas { get; }
    [Id(3)] public string[] AcknowledgedBy { get; }
    [Id(4)] public int AttemptedReplicas { get; }
    [Id(5)] public int TotalReplicas { get; }
    [Id(6)] public ReplicaFailure[] Failures { get; }

    /// <summary>For a write: true when some replica was called, so it may hold the value (and spread it); false for reads and when no replica was called.</summary>
    [Id(7)] public bool MayHaveBeenApplied { get; }

    private static string Describe(
        string key, ConsistencyLevel level, int required, string[] acknowledged, int attempted, ReplicaFailure[] failures) =>
        $"Consistency level '{level.ToWireName()}' not met for key '{key}': {acknowledged.Length} of {required} " +
        "required replicas acknowledged" +
        (attempted == 0 ? " (too few replicas are up, so none was called)" : "") +
        (failures.Length == 0 ? "." : $"; failed: {string.Join("; ", failures.Select(f => f.ToString()))}.");
}
