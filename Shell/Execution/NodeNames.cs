namespace OrleansKv.Shell.Execution;

/// <summary>The shell numbers nodes; the cluster names them "node1", "node2", ... (the silo names).</summary>
public static class NodeNames
{
    public static string Of(int node) => $"node{node}";

    /// <summary>The number of a node id such as "node3"; null for an id outside that scheme.</summary>
    public static int? NumberOf(string nodeId) =>
        nodeId.StartsWith("node", StringComparison.Ordinal) && int.TryParse(nodeId.AsSpan(4), out var n) ? n : null;
}
