using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansKv.Api.Json;
using OrleansKv.Api.Keys;
using OrleansKv.Grains.Coordination;

namespace OrleansKv.Api.Limits;

/// <summary>
/// The HTTP server's limits, from <see cref="HttpLimitsOptions"/> and the value limit of
/// <see cref="RequestLimitsOptions"/>: Kestrel's body and header sizes, and how many requests
/// run at once (ASP.NET Core's concurrency limiter, which answers 503 with a JSON error when full).
/// </summary>
public static class HttpLimits
{
    private const string Section = "OrleansKv:Limits";

    public static IServiceCollection AddHttpLimits(this IServiceCollection services)
    {
        services.AddOptions<HttpLimitsOptions>().BindConfiguration(Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpLimitsOptions>, HttpLimitsOptionsValidator>());
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpLimitsOptions>, IOptions<RequestLimitsOptions>>((kestrel, http, requests) =>
            {
                kestrel.Limits.MaxRequestBodySize = PutBody.MaxBodyBytes(requests.Value.MaxValueBytes);
                kestrel.Limits.MaxRequestHeadersTotalSize = http.Value.MaxRequestHeadersBytes;
            });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<HttpLimitsOptions>>((limiter, http) => Configure(limiter, http.Value));
        return services;
    }

    /// <summary>Holds back requests over the limit; call before the handlers (and the API key check) run.</summary>
    public static WebApplication UseHttpLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpLimitsOptions>>().Value.MaxConcurrentRequests > 0)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    private static void Configure(RateLimiterOptions limiter, HttpLimitsOptions limits)
    {
        if (limits.MaxConcurrentRequests == 0)
        {
            return;
        }

        var concurrency = new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrentRequests,
            QueueLimit = limits.MaxQueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsExempt(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetConcurrencyLimiter("requests", _ => concurrency));
        limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
        var message =
            $"This node is at its limit of {limits.MaxConcurrentRequests} requests at once with {limits.MaxQueuedRequests} more queued " +
            $"({Section}:MaxConcurrentRequests, MaxQueuedRequests); retry shortly.";
        limiter.OnRejected = (rejected, _) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "1";
            return new ValueTask(TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(rejected.HttpContext));
        };
    }

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(Metrics.PrometheusMetrics.Path);
}
