using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;
using OrleansKv.Api.Metrics;

namespace OrleansKv.Api.Tracing;

/// <summary>
/// The HTTP server span of each traced request, from OpenTelemetry's ASP.NET Core
/// instrumentation: named by route (<c>PUT /keys/{key}</c>), a child of the caller's
/// <c>traceparent</c> when one is sent. Probes and scrapes are left out: a load balancer asks
/// /health every few seconds and would fill the backend with traces of nothing.
/// </summary>
public static class ApiTracing
{
    public static TracerProviderBuilder AddKeyValueApiInstrumentation(this TracerProviderBuilder tracing) =>
        tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => IsTraced(context.Request.Path));

    public static bool IsTraced(PathString path) =>
        !path.StartsWithSegments("/health") && !path.StartsWithSegments(PrometheusMetrics.Path);
}
