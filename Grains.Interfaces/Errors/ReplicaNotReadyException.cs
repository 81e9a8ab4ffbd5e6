namespace OrleansKv.Errors;

/// <summary>
/// A node is up but must not serve its replica data yet: it was away for longer than the
/// tombstone grace period, so it may hold values whose deletes the others have forgotten,
/// until a repair has run on it.
/// </summary>
[GenerateSerializer, Alias("kv.ReplicaNotReadyException")]
public sealed class ReplicaNotReadyException : Exception
{
    public ReplicaNotReadyException(string nodeId, string reason)
        : base($"Node '{nodeId}' does not serve reads until a repair has run: {reason}")
    {
        NodeId = nodeId;
    }

    /// <summary>The node that refused.</summary>
    [Id(0)]
    public string NodeId { get; }
}
