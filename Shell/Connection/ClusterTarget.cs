using System.Net;

namespace OrleansKv.Shell.Connection;

/// <summary>Where the shell finds the cluster: exactly one of these per session.</summary>
public abstract record ClusterTarget
{
    /// <summary>How the target is named in messages (never with secrets).</summary>
    public abstract string Description { get; }
}

/// <summary>The local cluster whose membership table is the SQLite file DIR/membership.db.</summary>
public sealed record LocalClusterTarget(string DataDirectory) : ClusterTarget
{
    public string MembershipFile => Path.Combine(DataDirectory, "membership.db");

    public override string Description => $"the local cluster in {DataDirectory}";
}

/// <summary>Fixed gateway endpoints, no membership table.</summary>
public sealed record GatewayTarget(IReadOnlyList<IPEndPoint> Gateways) : ClusterTarget
{
    public override string Description => $"gateway {string.Join(", ", Gateways)}";
}

/// <summary>A cluster whose membership table is in PostgreSQL.</summary>
public sealed record PostgresTarget(string ConnectionString) : ClusterTarget
{
    public override string Description => "the cluster in PostgreSQL";
}
