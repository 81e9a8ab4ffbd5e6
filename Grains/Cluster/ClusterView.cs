using Microsoft.Extensions.Options;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Cluster;

/// <summary>
/// The ring and node liveness as this silo sees them, derived from Orleans membership.
/// </summary>
/// <remarks>
/// Ring membership is not liveness: every node name that appears in membership, up or down,
/// stays on the ring, so a crashed node's keys keep their replica set (and the survivors can
/// still form a quorum) instead of shifting to nodes that never held them. Liveness only
/// decides whom the coordinator calls. The view is recomputed from the membership snapshot
/// when its version changes (idempotent, never patched) and swapped atomically.
/// </remarks>
public sealed class ClusterView(IClusterMembershipService membership, IOptions<RingOptions> options)
{
    private readonly int _virtualNodes = options.Value.VirtualNodesPerNode;
    private ClusterState _state = ClusterState.Empty;

    /// <summary>Replicas per key as configured (the preference list may be shorter on a small ring).</summary>
    public int ReplicationFactor { get; } = options.Value.ReplicationFactor;

    /// <summary>The current view; cheap to call on every request.</summary>
    public ClusterState Current
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            var state = Volatile.Read(ref _state);
            if (state.MembershipVersion == snapshot.Version.Value)
            {
                return state;
            }

            var rebuilt = ClusterState.From(snapshot, _virtualNodes);
            Volatile.Write(ref _state, rebuilt);
            return rebuilt;
        }
    }
}
