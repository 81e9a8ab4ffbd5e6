using System.Net;
using System.Security.Cryptography.X509Certificates;
using OrleansKv.Client.Security;
using OrleansKv.Cluster;

namespace OrleansKv.Client.Hosting;

/// <summary>
/// Where the cluster is and how to talk to it, for <see cref="OrleansKvServiceCollectionExtensions.AddOrleansKvClient"/>.
/// Exactly one way to find the cluster is used: <see cref="Gateways"/> if any, else
/// <see cref="PostgresConnectionString"/> if set, else the local cluster in <see cref="DataDirectory"/>.
/// </summary>
public sealed class OrleansKvClientOptions
{
    /// <summary>ClusterOptions.ClusterId and ServiceId of every OrleansKv cluster (<see cref="ClusterIdentity"/>).</summary>
    public const string ClusterId = ClusterIdentity.ClusterId;

    /// <summary>
    /// Data directory of a local cluster (its SQLite membership table, membership.db).
    /// Default: <see cref="LocalClusterDirectory.Default"/>, where the launcher puts it.
    /// </summary>
    public string DataDirectory { get; set; } = LocalClusterDirectory.Default;

    /// <summary>PostgreSQL connection string of the cluster's membership table. Default none.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Fixed gateway endpoints (silo gateway ports); no membership table is read. Default none.</summary>
    public List<IPEndPoint> Gateways { get; set; } = [];

    /// <summary>
    /// How often the client rereads the gateway list, which is how it finds the silos again after
    /// a full cluster restart. Default 2 s (Orleans' own default is 1 min).
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the host's start keeps trying to reach the cluster before it fails. Default 30 s,
    /// so a service and its cluster may start together.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cluster certificate (with its private key) for a cluster whose nodes run with
    /// <c>--cluster-cert</c>: the client presents it to the gateway and accepts only a gateway
    /// that presents it too (mutual TLS). Default none: plain connections. Or set
    /// <see cref="ClusterCertificatePath"/>.
    /// </summary>
    public X509Certificate2? ClusterCertificate { get; set; }

    /// <summary>The cluster certificate as a PFX file (or PEM with its key), instead of <see cref="ClusterCertificate"/>. Default none.</summary>
    public string? ClusterCertificatePath { get; set; }

    /// <summary>The password of <see cref="ClusterCertificatePath"/>. Default none.</summary>
    public string? ClusterCertificatePassword { get; set; }

    /// <summary>Request settings of the registered <see cref="KeyValueClient"/>.</summary>
    public KeyValueClientOptions Client { get; } = new();

    /// <summary>The fixed gateways, from "host:port" text (e.g. "127.0.0.1:30000").</summary>
    public OrleansKvClientOptions UseGateways(params string[] endpoints)
    {
        Gateways = [.. endpoints.Select(e => IPEndPoint.Parse(e))];
        return this;
    }

    /// <summary>The cluster certificate to present, loaded from <see cref="ClusterCertificatePath"/> if that is how it was given; null for plain connections.</summary>
    internal X509Certificate2? LoadClusterCertificate() =>
        ClusterCertificate ?? (ClusterCertificatePath is { } path
            ? new CertificateFile(path, ClusterCertificatePassword).Load($"{nameof(OrleansKvClientOptions)}.{nameof(ClusterCertificatePath)}")
            : null);

    internal void Validate()
    {
        Client.Validate();
        if (Gateways.Count == 0 && PostgresConnectionString is null && string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException($"{nameof(OrleansKvClientOptions)}: set {nameof(Gateways)}, {nameof(PostgresConnectionString)} or {nameof(DataDirectory)}.");
        }

        if (ClusterCertificate is not null && ClusterCertificatePath is not null)
        {
            throw new ArgumentException($"{nameof(OrleansKvClientOptions)}: set {nameof(ClusterCertificate)} or {nameof(ClusterCertificatePath)}, not both.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(OrleansKvClientOptions)}.{nameof(ConnectTimeout)} must be positive.");
        }
    }
}
