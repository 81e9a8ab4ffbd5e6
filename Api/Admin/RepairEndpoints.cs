using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Jobs;

namespace OrleansKv.Api.Admin;

/// <summary>
/// Anti-entropy on demand: <c>POST /admin/repair</c> starts a repair of this node's ranges (or
/// of <c>?node=nodeK</c>'s) and answers 202 at once; <c>GET /admin/repair</c> reports the
/// running or last one.
/// </summary>
public static class RepairEndpoints
{
    private static readonly TimeSpan NodeQueryTimeout = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapRepairEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/repair", StartAsync).WithSummary("Start an anti-entropy repair of this node's ranges (?node=nodeK for another node's)");
        admin.MapGet("/repair", StatusAsync).WithSummary("The running or last repair of this node (?node=nodeK for another node)");
        return admin;
    }

    private static async Task<IResult> StartAsync(HttpContext context, IGrainFactory grains, ILocalSiloDetails self, ClusterView cluster)
    {
        var (nodeId, error) = TargetOf(context, self, cluster);
        if (error is not null)
        {
            return error;
        }

        var status = await grains.GetGrain<IRepairGrain>(nodeId!).StartAsync().AsTask().WaitAsync(NodeQueryTimeout);
        return TypedResults.Json(ToResponse(status), ApiJsonContext.Api.RepairResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StatusAsync(HttpContext context, IGrainFactory grains, ILocalSiloDetails self, ClusterView cluster)
    {
        var (nodeId, error) = TargetOf(context, self, cluster);
        if (error is not null)
        {
            return error;
        }

        var status = await grains.GetGrain<IRepairGrain>(nodeId!).GetStatusAsync().AsTask().WaitAsync(NodeQueryTimeout);
        return status is null
            ? ApiErrors.NotFound($"No repair has run on {nodeId} since it started; POST /admin/repair starts one.")
            : TypedResults.Json(ToResponse(status), ApiJsonContext.Api.RepairResponse);
    }

    /// <summary>The node named by <c>?node=</c> (this one if absent), or the error to answer.</summary>
    private static (string? NodeId, IResult? Error) TargetOf(HttpContext context, ILocalSiloDetails self, ClusterView cluster)
    {
        var requested = context.Request.Query["node"];
        if (requested.Count == 0 || string.IsNullOrEmpty(requested[0]))
        {
            return (self.Name, null);
        }

        var nodeId = requested[0]!;
        var state = cluster.Current;
        if (!state.Ring.Nodes.Contains(nodeId))
        {
            return (null, ApiErrors.NotFound($"Unknown node '{nodeId}'; ring members: {string.Join(", ", state.Ring.Nodes)}."));
        }

        return state.IsUp(nodeId)
            ? (nodeId, null)
            : (null, ApiErrors.Unavailable($"Node '{nodeId}' is down; start it before repairing it."));
    }

    private static RepairResponse ToResponse(JobProgress s) => new(
        s.NodeId, s.PhaseName, s.RangesTotal, s.RangesDone, s.KeysExchanged, s.KeysSent, s.KeysReceived,
        s.BytesSent, s.BytesReceived, s.StartedAt, s.FinishedAt, s.Error);
}
