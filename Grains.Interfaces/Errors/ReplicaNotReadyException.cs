namespace OrleansKv.Errors;

/// <summary>
/// A node is up but must not serve its replica data yet, until a repair has run on it: it was
/// away for longer than the tombstone grace period (it may hold values whose deletes the others
/// have forgotten), or its data directory was lost (it no longer holds writes it acknowledged).
/// Thrown after a write, the node stored the write but does not count toward the level.
/// </summary>
[GenerateSerializer, Alias("kv.ReplicaNotReadyException")]
public sealed class ReplicaNotReadyException : Exception
{
    public ReplicaNotReadyException(string nodeId, string reason, bool stored = false)
        : base(stored
            ? $"Node '{nodeId}' stored the write but does not count toward the consistency level until a repair has run: {reason}"
            : $"Node '{nodeId}' does not serve reads until a repair has run: {reason}")
    {
        NodeId = nodeId;
    }

    /// <summary>The node that refused.</summary>
    [Id(0)]
    public string NodeId { get; }
}
