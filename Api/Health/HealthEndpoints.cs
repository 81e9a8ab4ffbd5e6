using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Json;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Time;
using OrleansKv.Ring;

namespace OrleansKv.Api.Health;

/// <summary>Liveness (the process serves HTTP) and readiness (the node is active, a ring owner, and not fenced by its clock).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", (ILocalSiloDetails node) =>
            TypedResults.Json(new HealthResponse("live", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse));
        // Ready once the node is active and owns its ranges: a node still joining (or waiting to)
        // is not ready, so the launcher and a StatefulSet start the next node only after it joined.
        health.MapGet("/ready", (ILocalSiloDetails node, ClusterView cluster, ClockFence clock) =>
            NotReadyReason(node.Name, cluster.Current, clock) is { } reason
                ? TypedResults.Json(new HealthResponse("not ready", node.Name, Environment.ProcessId, reason), ApiJsonContext.Api.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Json(new HealthResponse("ready", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse));
        return routes;
    }

    private static string? NotReadyReason(string nodeId, ClusterState state, ClockFence clock)
    {
        if (!state.IsUp(nodeId))
        {
            return $"{nodeId} is not active in the cluster's membership";
        }

        if (state.Topology.StateOf(nodeId) is not (RingMemberState.Normal or RingMemberState.Leaving))
        {
            return $"{nodeId} does not own ranges of the ring yet";
        }

        return clock.IsFenced ? $"{nodeId} is fenced: {clock.Status.Reason}" : null;
    }
}
