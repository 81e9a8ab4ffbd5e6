using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Json;
using OrleansKv.Grains.Cluster;
using OrleansKv.Ring;

namespace OrleansKv.Api.Health;

/// <summary>Liveness (the process serves HTTP) and readiness (the node is active and a ring owner).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", (ILocalSiloDetails node) =>
            TypedResults.Json(new HealthResponse("live", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse));
        // Ready once the node is active and owns its ranges: a node still joining (or waiting to)
        // is not ready, so the launcher and a StatefulSet start the next node only after it joined.
        health.MapGet("/ready", (ILocalSiloDetails node, ClusterView cluster) =>
            cluster.Current is var state && state.IsUp(node.Name) && state.Topology.StateOf(node.Name) is RingMemberState.Normal or RingMemberState.Leaving
                ? TypedResults.Json(new HealthResponse("ready", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse)
                : TypedResults.Json(new HealthResponse("not ready", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable));
        return routes;
    }
}
