namespace OrleansKv.Client;

/// <summary>Settings of the embeddable <see cref="KeyValueClient"/>.</summary>
public sealed class KeyValueClientOptions
{
    /// <summary>
    /// Nodes whose coordinators serve this client's requests, tried in turn: when one is down the
    /// request moves to the next. Default: node1, node2, node3 (the local cluster).
    /// </summary>
    public List<string> CoordinatorNodes { get; set; } = ["node1", "node2", "node3"];
}
