using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>One replica write inside a batch sent to a node's storage grain.</summary>
[GenerateSerializer, Immutable, Alias("kv.ReplicaWrite")]
public sealed record ReplicaWrite(
    [property: Id(0)] string Key,
    [property: Id(1)] VersionedValue Value);
