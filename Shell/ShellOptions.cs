using System.Net;
using OrleansKv.Shell.Connection;

namespace OrleansKv.Shell;

/// <summary>Settings of one shell session, from the command line or set by an embedding process.</summary>
public sealed record ShellOptions
{
    /// <summary>Data directory of the local cluster (its membership.db). Default <see cref="OrleansKv.Cluster.LocalClusterDirectory.Default"/>.</summary>
    public string DataDirectory { get; init; } = OrleansKv.Cluster.LocalClusterDirectory.Default;

    /// <summary>Explicit gateway endpoints; when set, membership files and databases are not used. Default none.</summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; init; } = [];

    /// <summary>PostgreSQL connection string of the membership table; default none (local cluster).</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The node whose coordinator serves requests at the start. Default 1.</summary>
    public int Node { get; init; } = 1;

    /// <summary>Commands separated by ';' to run instead of a prompt (-c). Default none.</summary>
    public string? Commands { get; init; }

    /// <summary>How long to wait for a gateway before giving up. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one request may take before the shell reports the node as not answering. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The cluster certificate file (--cluster-cert) for a cluster with mutual TLS; default none (plain connections).</summary>
    public string? ClusterCertificatePath { get; init; }

    /// <summary>Its password (--cluster-cert-password, $ORLEANSKV_CLUSTER_CERT_PASSWORD); default none.</summary>
    public string? ClusterCertificatePassword { get; init; }

    /// <summary>Plain output (no colour, tables or control codes) even on a terminal. Default false.</summary>
    public bool Plain { get; init; }

    /// <summary>Where the cluster is: gateways if given, else PostgreSQL if given, else the local data directory.</summary>
    public ClusterTarget Target =>
        Gateways.Count > 0 ? new GatewayTarget(Gateways)
        : PostgresConnectionString is { } postgres ? new PostgresTarget(postgres)
        : new LocalClusterTarget(Path.GetFullPath(DataDirectory));

    /// <summary>The history file: in the local cluster's data directory when there is one, else ~/.orleanskv_history.</summary>
    public string HistoryFile => Target is LocalClusterTarget local && Directory.Exists(local.DataDirectory)
        ? Path.Combine(local.DataDirectory, "shell_history")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orleanskv_history");
}
