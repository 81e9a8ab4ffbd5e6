namespace OrleansKv.Silo.Membership;

/// <summary>
/// Failure detection, tuned so a crashed node is declared dead within about 3 s (Orleans'
/// defaults take up to tens of seconds). Bound from "OrleansKv:Membership"; applied to Orleans'
/// ClusterMembershipOptions.
/// </summary>
public sealed class MembershipTimingOptions
{
    /// <summary>How long a probe may take before it counts as missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another. Default 2.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions needed to declare a silo dead. Default 1 (a 3-node cluster may have only one other voter left).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 1;

    /// <summary>How often each silo re-reads the membership table. Default 2 s.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo writes its I-am-alive time. Default 5 s.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
