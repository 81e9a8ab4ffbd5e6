using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;

namespace OrleansKv.Api.Admin;

/// <summary>
/// <c>GET /admin/requests</c>: how many key requests each node has coordinated, for the web
/// console's requests-per-second column (it divides the difference of two samples by the time
/// between them). One bounded call per up node, through its pinned coordinator grain.
/// </summary>
public static class RequestCountEndpoints
{
    private static readonly TimeSpan NodeQueryTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapRequestCountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/requests", RequestCountsAsync).WithTags("Admin")
            .WithSummary("Key requests each node has coordinated since it started");
        return routes;
    }

    private static async Task<IResult> RequestCountsAsync(IGrainFactory grains, ClusterView cluster, TimeProvider time)
    {
        var state = cluster.Current;
        var nodes = await Task.WhenAll(state.Ring.Nodes.Select(async nodeId =>
        {
            if (!state.IsUp(nodeId))
            {
                return new NodeRequestCountResponse(nodeId, "down", null, null);
            }

            try
            {
                var count = await grains.GetGrain<IRingCoordinatorGrain>(nodeId).GetRequestsCoordinatedAsync().WaitAsync(NodeQueryTimeout);
                return new NodeRequestCountResponse(nodeId, "up", count, null);
            }
            catch (Exception ex)
            {
                return new NodeRequestCountResponse(nodeId, "unreachable", null, ex.Message);
            }
        }));
        return TypedResults.Json(
            new RequestCountsResponse(time.GetUtcNow().ToUnixTimeMilliseconds(), nodes),
            InspectionJsonContext.Api.RequestCountsResponse);
    }
}
