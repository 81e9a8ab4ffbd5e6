using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Api.Admin;
using OrleansKv.Api.WebConsole;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Health;
using OrleansKv.Api.Json;
using OrleansKv.Api.Keys;
using OrleansKv.Api.Limits;
using OrleansKv.Api.Security;
using OrleansKv.Api.Metrics;

namespace OrleansKv.Api;

/// <summary>Registers and maps the node's HTTP API onto a web host that also runs the silo.</summary>
public static class KeyValueApiExtensions
{
    public static IServiceCollection AddKeyValueApi(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration("OrleansKv:Security");
        services.AddOpenApi("v1");
        services.AddPrometheusMetrics();
        services.AddHttpLimits();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        return services;
    }

    public static WebApplication MapKeyValueApi(this WebApplication app)
    {
        // Anything that escapes a handler (or a malformed request) still gets a JSON body.
        app.UseApiErrors();
        app.UseHttpLimits();
        app.UseApiKeys();
        app.MapKeyEndpoints();
        app.MapAdminEndpoints();
        app.MapHealthEndpoints();
        app.MapRequestCountEndpoints();
        app.MapMembershipEndpoints();
        app.MapPrometheusMetrics();
        app.MapConsoleEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "OrleansKv v1");
            o.DocumentTitle = "OrleansKv HTTP API";
        });
        // "{*path}", not MapFallback's default "{*path:nonfile}": a path that looks like a file
        // (/favicon.ico, /index.html) must get the JSON 404 too, not an empty one.
        app.MapFallback("{*path}", context => ApiErrors.NotFoundRoute(context).ExecuteAsync(context));
        return app;
    }
}
