namespace OrleansKv.Errors;

/// <summary>
/// A node-pinned grain was called while its node is not active. Thrown by our placement
/// instead of Orleans' own exceptions, which Orleans would retry as transient.
/// </summary>
[GenerateSerializer, Alias("kv.NodeUnavailableException")]
public sealed class NodeUnavailableException : Exception
{
    public NodeUnavailableException(string nodeId)
        : base($"Node '{nodeId}' is not active in the cluster.")
    {
        NodeId = nodeId;
    }

    /// <summary>The node that is down or unknown.</summary>
    [Id(0)]
    public string NodeId { get; }
}
