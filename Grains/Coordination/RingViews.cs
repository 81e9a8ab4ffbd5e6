using OrleansKv.Cluster;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The admin views of the ring as this node follows it: every member with its share, and the
/// replicas of one key. The same answers for the HTTP API and for Orleans clients.
/// </summary>
public sealed class RingViews(ClusterView cluster, RequestValidator validator)
{
    public Task<ReplicaPlacement> GetReplicasAsync(string key)
    {
        validator.ValidateKey(key);
        var state = cluster.Current;
        var token = RingToken.Of(key);
        var replicas = state.Ring.PreferenceList(token, cluster.ReplicationFactor)
            .Select(n => new ReplicaState(n, state.IsUp(n)))
            .ToArray();
        return Task.FromResult(new ReplicaPlacement(key, token, replicas));
    }

    public Task<RingDescription> GetRingAsync()
    {
        // Every member of the ring record, joining ones too; shares are of the ring that owns data now.
        var state = cluster.Current;
        var shares = state.Ring.PrimaryShares();
        var nodes = state.Topology.Members
            .Select(m => new RingNode(
                m.NodeId, state.IsUp(m.NodeId), state.AddressOf(m.NodeId)?.ToString(), m.Tokens.Length, shares.GetValueOrDefault(m.NodeId),
                m.Tokens.Order().ToArray(), RingChanges.Name(m.State)))
            .ToArray();
        return Task.FromResult(new RingDescription(cluster.ReplicationFactor, state.Ring.VirtualNodes, nodes, state.Topology.Epoch, !state.Topology.Settled));
    }
}
