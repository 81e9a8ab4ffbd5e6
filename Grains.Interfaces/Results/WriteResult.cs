using OrleansKv.Consistency;
using OrleansKv.Versioning;

namespace OrleansKv.Results;

/// <summary>The outcome of a put or a delete that met its consistency level.</summary>
/// <param name="Key">The key written.</param>
/// <param name="Level">The consistency level asked for.</param>
/// <param name="CoordinatorNode">The node whose coordinator ran the request.</param>
/// <param name="Version">The version stamped on the write.</param>
/// <param name="Replicas">The key's preference list (every replica that should hold it).</param>
/// <param name="AttemptedReplicas">How many replicas were called (replicas known to be down are skipped).</param>
/// <param name="AcknowledgedBy">The replicas that had acknowledged when the level was met.</param>
/// <param name="Failures">Replicas known to have failed by then, with the reason.</param>
[GenerateSerializer, Immutable, Alias("kv.WriteResult")]
public sealed record WriteResult(
    [property: Id(0)] string Key,
    [property: Id(1)] ConsistencyLevel Level,
    [property: Id(2)] string CoordinatorNode,
    [property: Id(3)] ValueVersion Version,
    [property: Id(4)] string[] Replicas,
    [property: Id(5)] int AttemptedReplicas,
    [property: Id(6)] string[] AcknowledgedBy,
    [property: Id(7)] ReplicaFailure[] Failures);
