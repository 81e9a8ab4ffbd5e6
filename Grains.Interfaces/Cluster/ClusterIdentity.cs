namespace OrleansKv.Cluster;

/// <summary>
/// The identity every OrleansKv node and client share, Orleans' <c>ClusterOptions</c>: a client
/// with another one is refused by the gateways. The cluster id also keys the cluster's rows in
/// the membership database (membership table and ring record), so it never changes.
/// </summary>
public static class ClusterIdentity
{
    /// <summary>ClusterOptions.ClusterId of every OrleansKv cluster.</summary>
    public const string ClusterId = "orleanskv";

    /// <summary>ClusterOptions.ServiceId of every OrleansKv cluster: the same name.</summary>
    public const string ServiceId = ClusterId;
}
