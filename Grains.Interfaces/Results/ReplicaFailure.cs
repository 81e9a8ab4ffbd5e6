namespace OrleansKv.Results;

/// <summary>Why one replica did not acknowledge a request.</summary>
[GenerateSerializer, Immutable, Alias("kv.ReplicaFailure")]
public sealed record ReplicaFailure(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string Reason)
{
    public override string ToString() => $"{NodeId}: {Reason}";
}
