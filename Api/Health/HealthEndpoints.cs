using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Json;
using OrleansKv.Grains.Cluster;

namespace OrleansKv.Api.Health;

/// <summary>Liveness (the process serves HTTP) and readiness (the node is active and can coordinate).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", (ILocalSiloDetails node) =>
            TypedResults.Json(new HealthResponse("live", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse));
        health.MapGet("/ready", (ILocalSiloDetails node, ClusterView cluster) =>
            cluster.Current.IsUp(node.Name)
                ? TypedResults.Json(new HealthResponse("ready", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse)
                : TypedResults.Json(new HealthResponse("not ready", node.Name, Environment.ProcessId), ApiJsonContext.Api.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable));
        return routes;
    }
}
