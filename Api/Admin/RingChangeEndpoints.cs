using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;

namespace OrleansKv.Api.Admin;

/// <summary>
/// Shrinking the cluster: <c>POST /admin/nodes/{id}/decommission</c> has a live node stream its
/// ranges to their next owners and leave (its process then exits 0); <c>DELETE /admin/nodes/{id}</c>
/// removes a dead node, this node driving the re-replication of its ranges. Both answer 202 with
/// the change's progress at once; <c>GET /admin/status</c> follows it. Growing needs no call:
/// a new node id joins by starting.
/// </summary>
public static class RingChangeEndpoints
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static RouteGroupBuilder MapRingChangeEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/nodes/{id}/decommission", DecommissionAsync).WithSummary("The node streams its ranges to their next owners, leaves the ring and exits");
        admin.MapDelete("/nodes/{id}", RemoveAsync).WithSummary("Removes a dead node from the ring; the others re-replicate its ranges");
        return admin;
    }

    private static async Task<IResult> DecommissionAsync(string id, IGrainFactory grains, ClusterView cluster)
    {
        var state = cluster.Current;
        if (state.Topology.StateOf(id) is null or Ring.RingMemberState.Removed)
        {
            throw UnknownNode(id, state);
        }

        if (!state.IsUp(id))
        {
            throw new RingChangeRejectedException(
                RingChangeRejection.Conflict, $"{id} is down: a decommission streams from the node itself; DELETE /admin/nodes/{id} removes a dead node.");
        }

        var status = await grains.GetGrain<IRingMemberGrain>(id).DecommissionAsync().WaitAsync(CallTimeout);
        return TypedResults.Json(StreamingView.ToResponse(status), ApiJsonContext.Api.StreamingResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RemoveAsync(string id, IGrainFactory grains, ClusterView cluster, ILocalSiloDetails self)
    {
        var state = cluster.Current;
        if (state.Topology.StateOf(id) is null or Ring.RingMemberState.Removed)
        {
            throw UnknownNode(id, state);
        }

        var status = await grains.GetGrain<IRingMemberGrain>(self.Name).RemoveAsync(id).WaitAsync(CallTimeout);
        return TypedResults.Json(StreamingView.ToResponse(status), ApiJsonContext.Api.StreamingResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static RingChangeRejectedException UnknownNode(string id, ClusterState state) =>
        new(RingChangeRejection.UnknownNode, $"Unknown node '{id}'; ring members: {string.Join(", ", state.Topology.Members.Select(m => m.NodeId))}.");
}
