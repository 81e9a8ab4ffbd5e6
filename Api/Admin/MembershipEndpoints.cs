using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Grains.Cluster;

namespace OrleansKv.Api.Admin;

/// <summary>
/// <c>GET /admin/membership</c>: each node's lifecycle state as this node's membership view has
/// it (joining, up, leaving, down), so the console can show nodes on their way in or out; the
/// ring itself only knows up and down.
/// </summary>
public static class MembershipEndpoints
{
    public static IEndpointRouteBuilder MapMembershipEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/membership", Membership).WithTags("Admin")
            .WithSummary("Each node's lifecycle state: joining, up, leaving or down");
        return routes;
    }

    private static IResult Membership(IClusterMembershipService membership)
    {
        var snapshot = membership.CurrentSnapshot;
        var nodes = NodeLifecycle.ByName(snapshot)
            .OrderBy(n => n.Key, StringComparer.Ordinal)
            .Select(n => new NodeLifecycleResponse(n.Key, n.Value.StateName, n.Value.Address.ToString()))
            .ToArray();
        return TypedResults.Json(new MembershipResponse(snapshot.Version.Value, nodes), InspectionJsonContext.Api.MembershipResponse);
    }
}
