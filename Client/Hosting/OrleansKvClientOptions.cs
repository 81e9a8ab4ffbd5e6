using System.Net;
using OrleansKv.Cluster;

namespace OrleansKv.Client.Hosting;

/// <summary>
/// Where the cluster is and how to talk to it, for <see cref="OrleansKvServiceCollectionExtensions.AddOrleansKvClient"/>.
/// Exactly one way to find the cluster is used: <see cref="Gateways"/> if any, else
/// <see cref="PostgresConnectionString"/> if set, else the local cluster in <see cref="DataDirectory"/>.
/// </summary>
public sealed class OrleansKvClientOptions
{
    /// <summary>ClusterOptions.ClusterId and ServiceId of every OrleansKv cluster.</summary>
    public const string ClusterId = "orleanskv";

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

    /// <summary>Request settings of the registered <see cref="KeyValueClient"/>.</summary>
    public KeyValueClientOptions Client { get; } = new();

    /// <summary>The fixed gateways, from "host:port" text (e.g. "127.0.0.1:30000").</summary>
    public OrleansKvClientOptions UseGateways(params string[] endpoints)
    {
        Gateways = [.. endpoints.Select(e => IPEndPoint.Parse(e))];
        return this;
    }

    internal void Validate()
    {
        Client.Validate();
        if (Gateways.Count == 0 && PostgresConnectionString is null && string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException($"{nameof(OrleansKvClientOptions)}: set {nameof(Gateways)}, {nameof(PostgresConnectionString)} or {nameof(DataDirectory)}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(OrleansKvClientOptions)}.{nameof(ConnectTimeout)} must be positive.");
        }
    }
}
