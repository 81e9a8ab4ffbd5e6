namespace OrleansKv.Grains.Cluster;

/// <summary>
/// Where a node name stands in Orleans membership: its active silo if it has one, otherwise its
/// newest generation (a restarted node keeps dead entries of earlier generations under its name).
/// </summary>
/// <param name="Status">Joining, Active, ShuttingDown/Stopping (leaving) or Dead.</param>
/// <param name="Address">The silo address of the chosen generation.</param>
public sealed record NodeLifecycle(SiloStatus Status, SiloAddress Address)
{
    /// <summary>The lifecycle of every named member of <paramref name="snapshot"/>, by node name.</summary>
    public static Dictionary<string, NodeLifecycle> ByName(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values
            .Where(m => !string.IsNullOrEmpty(m.Name))
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var chosen = g.FirstOrDefault(m => m.Status == SiloStatus.Active)
                        ?? g.OrderByDescending(m => m.SiloAddress.Generation).First();
                    return new NodeLifecycle(chosen.Status, chosen.SiloAddress);
                },
                StringComparer.Ordinal);

    /// <summary>The state as operators read it: joining, up, leaving or down.</summary>
    public string StateName => Status switch
    {
        SiloStatus.Created or SiloStatus.Joining => "joining",
        SiloStatus.Active => "up",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "leaving",
        _ => "down",
    };
}
