using System.Collections.Frozen;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Cluster;

/// <summary>
/// An immutable view of who owns what (the ring record's <see cref="RingTopology"/>) and who is
/// up (Orleans membership), for one ring epoch and one membership version.
/// </summary>
public sealed class ClusterState
{
    private readonly FrozenDictionary<string, SiloAddress> _activeSilos;

    private ClusterState(long membershipVersion, RingTopology topology, FrozenDictionary<string, SiloAddress> activeSilos)
    {
        MembershipVersion = membershipVersion;
        Topology = topology;
        _activeSilos = activeSilos;
    }

    public static ClusterState Empty { get; } = new(-1, RingTopology.Empty, FrozenDictionary<string, SiloAddress>.Empty);

    public long MembershipVersion { get; }

    public RingTopology Topology { get; }

    /// <summary>The ring that owns data now (normal and leaving nodes): reads ask its replicas, writes count its answers.</summary>
    public HashRing Ring => Topology.Current;

    /// <summary>Every node with an active silo, ring member or not (a node waiting to join coordinates requests too).</summary>
    public IEnumerable<string> UpNodes => _activeSilos.Keys;

    /// <summary>True when a silo with this node name is active.</summary>
    public bool IsUp(string nodeId) => _activeSilos.ContainsKey(nodeId);

    /// <summary>The address of the node's active silo, if it is up.</summary>
    public SiloAddress? AddressOf(string nodeId) => _activeSilos.GetValueOrDefault(nodeId);

    public static ClusterState From(ClusterMembershipSnapshot snapshot, RingTopology topology)
    {
        var active = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
        foreach (var member in snapshot.Members.Values)
        {
            if (!string.IsNullOrEmpty(member.Name) && member.Status == SiloStatus.Active)
            {
                active[member.Name] = member.SiloAddress;
            }
        }

        return new ClusterState(snapshot.Version.Value, topology, active.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
