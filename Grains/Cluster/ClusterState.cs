using System.Collections.Frozen;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Cluster;

/// <summary>An immutable view of the ring and of which nodes are up, for one membership version.</summary>
public sealed class ClusterState
{
    private readonly FrozenDictionary<string, SiloAddress> _activeSilos;

    private ClusterState(long membershipVersion, HashRing ring, FrozenDictionary<string, SiloAddress> activeSilos)
    {
        MembershipVersion = membershipVersion;
        Ring = ring;
        _activeSilos = activeSilos;
    }

    public static ClusterState Empty { get; } = new(-1, HashRing.Empty, FrozenDictionary<string, SiloAddress>.Empty);

    public long MembershipVersion { get; }

    public HashRing Ring { get; }

    /// <summary>True when a silo with this node name is active.</summary>
    public bool IsUp(string nodeId) => _activeSilos.ContainsKey(nodeId);

    /// <summary>The address of the node's active silo, if it is up.</summary>
    public SiloAddress? AddressOf(string nodeId) => _activeSilos.GetValueOrDefault(nodeId);

    public static ClusterState From(ClusterMembershipSnapshot snapshot, int virtualNodes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var active = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
        foreach (var member in snapshot.Members.Values)
        {
            if (string.IsNullOrEmpty(member.Name))
            {
                continue;
            }

            names.Add(member.Name);
            if (member.Status == SiloStatus.Active)
            {
                active[member.Name] = member.SiloAddress;
            }
        }

        return new ClusterState(snapshot.Version.Value, HashRing.Build(names, virtualNodes), active.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
