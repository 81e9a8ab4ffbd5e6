using OrleansKv.Consistency;
using OrleansKv.Versioning;

namespace OrleansKv.Results;

/// <summary>The outcome of a read that met its consistency level.</summary>
/// <param name="Key">The key read.</param>
/// <param name="Level">The consistency level asked for.</param>
/// <param name="CoordinatorNode">The node whose coordinator ran the request.</param>
/// <param name="Value">The newest value among the answers; null when the key is absent or deleted.</param>
/// <param name="Version">The newest version seen (a tombstone's for a deleted key); null when no replica knew the key.</param>
/// <param name="SourceNodes">Replicas whose answers were used, newest first.</param>
/// <param name="Replicas">The key's preference list.</param>
/// <param name="Failures">Replicas known to have failed by then, with the reason.</param>
/// <param name="ExpiresAt">When the value found expires (a write with a time to live); null when it never does or none was found.</param>
[GenerateSerializer, Immutable, Alias("kv.ReadResult")]
public sealed record ReadResult(
    [property: Id(0)] string Key,
    [property: Id(1)] ConsistencyLevel Level,
    [property: Id(2)] string CoordinatorNode,
    [property: Id(3)] byte[]? Value,
    [property: Id(4)] ValueVersion? Version,
    [property: Id(5)] string[] SourceNodes,
    [property: Id(6)] string[] Replicas,
    [property: Id(7)] ReplicaFailure[] Failures,
    [property: Id(8)] DateTimeOffset? ExpiresAt = null)
{
    /// <summary>True when a live value was found.</summary>
    public bool Found => Value is not null;
}
