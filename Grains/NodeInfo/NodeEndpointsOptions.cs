namespace OrleansKv.Grains.NodeInfo;

/// <summary>How clients reach this node, reported by its status (informational).</summary>
public sealed class NodeEndpointsOptions
{
    /// <summary>The node's HTTP API base URL, if it serves one. Default: none.</summary>
    public string? HttpUrl { get; set; }

    /// <summary>The node's Orleans gateway port, if it has one. Default: none.</summary>
    public int? GatewayPort { get; set; }
}
