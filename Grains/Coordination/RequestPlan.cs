using OrleansKv.Consistency;
using OrleansKv.Grains.Cluster;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// One request's view of the cluster, read once when the request starts and carried through its
/// fan-out and its final check: who is up, the key's owners and how many of them must answer,
/// and, for a write during a ring change, the key's owners on the other ring. If the ring record
/// moves on while the request runs, the request keeps the groups it was planned with, so a write
/// planned during a change still reaches both groups it promised.
/// </summary>
/// <param name="Cluster">The cluster state the request was planned on (liveness decides whom to call).</param>
/// <param name="Owners">The key's replicas on the ring that owns data now, and how many must answer.</param>
/// <param name="Next">During a ring change, the key's replicas on the other ring (writes only); null otherwise.</param>
public sealed record RequestPlan(ClusterState Cluster, ReplicaGroup Owners, ReplicaGroup? Next)
{
    /// <summary>A read: the owners on the ring that owns data now.</summary>
    public static RequestPlan ForRead(ClusterState cluster, string key, ConsistencyLevel level, int replicationFactor) =>
        new(cluster, OwnersOf(cluster, key, level, replicationFactor), null);

    /// <summary>A write: the owners, and during a ring change the owners on the other ring (<see cref="Ring.RingTopology.Transition"/>).</summary>
    public static RequestPlan ForWrite(ClusterState cluster, string key, ConsistencyLevel level, int replicationFactor)
    {
        var owners = OwnersOf(cluster, key, level, replicationFactor);
        if (cluster.Topology.Transition is not { } transition)
        {
            return new(cluster, owners, null);
        }

        // On a ring smaller than the level (growing from two nodes to three with RF 3), the level
        // is capped at its size: every one of its replicas must answer, which is all a read on
        // that ring could ever ask (a read needing more than it has fails there anyway).
        var members = transition.PreferenceList(key, replicationFactor);
        var same = members.Length == owners.Members.Length && members.All(m => Array.IndexOf(owners.Members, m) >= 0);
        return new(cluster, owners, same ? null : new ReplicaGroup(members, Math.Min(owners.Required, members.Length)));
    }

    /// <summary>Given replicas, all of which must answer (a repair write).</summary>
    public static RequestPlan ForReplicas(ClusterState cluster, string[] replicas) =>
        new(cluster, new ReplicaGroup(replicas, replicas.Length), null);

    private static ReplicaGroup OwnersOf(ClusterState cluster, string key, ConsistencyLevel level, int replicationFactor) =>
        // A key's replica count is the replication factor, not the ring's size: on a ring with
        // fewer than N nodes, quorum and all need more replicas than exist and are refused
        // (as Cassandra's Unavailable) instead of acknowledging fewer copies.
        new(cluster.Ring.PreferenceList(key, replicationFactor), Math.Max(1, level.RequiredReplicas(replicationFactor)));
}
