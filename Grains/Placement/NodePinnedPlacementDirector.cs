using Orleans.Runtime.Placement;
using OrleansKv.Errors;

namespace OrleansKv.Grains.Placement;

/// <summary>
/// Chooses the active silo named by the grain key. When that node is not active the call fails
/// at once with <see cref="NodeUnavailableException"/>; Orleans' own exception types would be
/// treated as transient and retried for about half a second.
/// </summary>
public sealed class NodePinnedPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var nodeId = target.GrainIdentity.Key.ToString()!;
        var compatible = context.GetCompatibleSilos(target);
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            // Earlier generations of the same node stay in the snapshot as Dead: only Active counts.
            if (member.Status == SiloStatus.Active
                && string.Equals(member.Name, nodeId, StringComparison.Ordinal)
                && compatible.Contains(member.SiloAddress))
            {
                return Task.FromResult(member.SiloAddress);
            }
        }

        return Task.FromException<SiloAddress>(new NodeUnavailableException(nodeId));
    }
}
