using Microsoft.Extensions.Options;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Cluster;

/// <summary>
/// The ring and node liveness as this silo sees them: ownership from the ring record this node
/// follows (<see cref="RingFollower"/>), liveness from Orleans membership.
/// </summary>
/// <remarks>
/// Ownership is not liveness: a crashed node stays an owner until an operator removes it, so its
/// keys keep their replica set (the survivors still form a quorum, its missed writes become
/// hints) instead of shifting to nodes that never held them. Liveness only decides whom the
/// coordinator calls. The view is rebuilt when the epoch or the membership version changes
/// (idempotent, never patched) and swapped atomically.
/// </remarks>
public sealed class ClusterView(IClusterMembershipService membership, RingFollower ring, IOptions<RingOptions> options)
{
    private ClusterState _state = ClusterState.Empty;

    /// <summary>Replicas per key as configured (the preference list may be shorter on a small ring).</summary>
    public int ReplicationFactor { get; } = options.Value.ReplicationFactor;

    /// <summary>The current view; cheap to call on every request.</summary>
    public ClusterState Current
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            var topology = ring.Topology;
            var state = Volatile.Read(ref _state);
            if (state.MembershipVersion == snapshot.Version.Value && ReferenceEquals(state.Topology, topology))
            {
                return state;
            }

            var rebuilt = ClusterState.From(snapshot, topology);
            Volatile.Write(ref _state, rebuilt);
            return rebuilt;
        }
    }
}
