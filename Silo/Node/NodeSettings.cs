using System.Net;
using OrleansKv.Client.Security;

namespace OrleansKv.Silo.Node;

/// <summary>Everything one node process needs to start, resolved from the command line.</summary>
/// <param name="NodeNumber">K in "nodeK".</param>
/// <param name="DataDirectory">The cluster's data directory; the node keeps its data in DIR/nodeK.</param>
/// <param name="BindAddress">Address the HTTP, silo and gateway endpoints listen on (0.0.0.0 or :: = every address).</param>
/// <param name="HttpPort">HTTP API port (default 8000+K).</param>
/// <param name="SiloPort">Orleans silo-to-silo port (default 11110+K).</param>
/// <param name="GatewayPort">Orleans client gateway port (default 30000+K).</param>
/// <param name="ReplicationFactor">N, replicas per key.</param>
/// <param name="PostgresConnectionString">PostgreSQL membership instead of the embedded SQLite file, for several hosts.</param>
/// <param name="Dashboard">Serve the Orleans dashboard at /dashboard.</param>
/// <param name="Advertise">Address other nodes and clients reach this node at, when it is not <paramref name="BindAddress"/> (in a pod: the pod IP).</param>
/// <param name="HttpsCertificate">Serve the HTTP API over HTTPS only, with this certificate (--https-cert, or Kestrel:Certificates:Default).</param>
/// <param name="ClusterCertificate">Mutual TLS with this certificate for silo-to-silo and gateway traffic (--cluster-cert).</param>
public sealed record NodeSettings(
    int NodeNumber,
    string DataDirectory,
    IPAddress BindAddress,
    int HttpPort,
    int SiloPort,
    int GatewayPort,
    int ReplicationFactor,
    string? PostgresConnectionString,
    bool Dashboard = false,
    string? ApiKey = null,
    string? AdminKey = null,
    IPAddress? Advertise = null,
    CertificateFile? HttpsCertificate = null,
    CertificateFile? ClusterCertificate = null)
{
    public const int HttpPortBase = 8000;
    public const int SiloPortBase = 11110;
    public const int GatewayPortBase = 30000;

    /// <summary>The highest K of a node id "nodeK".</summary>
    public const int MaxNodeNumber = 9999;

    public string NodeId => $"node{NodeNumber}";

    public string NodeDataDirectory => Path.Combine(DataDirectory, NodeId);

    /// <summary>https with a certificate, else http: one or the other on the HTTP port, never both.</summary>
    public string HttpScheme => HttpsCertificate is null ? "http" : "https";

    /// <summary>Where the HTTP API listens.</summary>
    public string HttpUrl => $"{HttpScheme}://{FormatHost(BindAddress)}:{HttpPort}";

    /// <summary>The address published in membership: <see cref="Advertise"/>, else the bind address.</summary>
    public IPAddress AdvertisedAddress => Advertise ?? BindAddress;

    /// <summary>The HTTP API as other nodes and people reach it (reported by /admin/nodes).</summary>
    public string AdvertisedHttpUrl => $"{HttpScheme}://{FormatHost(AdvertisedAddress)}:{HttpPort}";

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
