using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OrleansKv.Grains.Telemetry;

namespace OrleansKv.Api.Metrics;

/// <summary>
/// GET /metrics: every .NET meter worth scraping, in Prometheus text, through OpenTelemetry's
/// exporter. Ours (<see cref="KvMetrics"/>) and the ones ASP.NET Core, the runtime and Orleans
/// publish themselves; no instrumentation package is needed for those on .NET 10.
/// </summary>
public static class PrometheusMetrics
{
    public const string Path = "/metrics";

    /// <summary>Meters exported besides ours, by the name their owners give them.</summary>
    public static IReadOnlyList<string> PlatformMeters { get; } =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Runtime",
    ];

    /// <summary>Orleans' meter, exported unless <see cref="MetricsOptions.IncludeOrleans"/> is off.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration("OrleansKv:Metrics").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>());
        services.AddOptions<PrometheusAspNetCoreOptions>()
            .Configure<IOptions<MetricsOptions>>((exporter, metrics) =>
                exporter.ScrapeResponseCacheDurationMilliseconds = metrics.Value.ScrapeResponseCacheMilliseconds);
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(KvMetrics.MeterName).AddMeter([.. PlatformMeters]).AddPrometheusExporter();

            // The options are known once the services are built: the meter is added then.
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
            {
                if (provider.GetRequiredService<IOptions<MetricsOptions>>().Value.IncludeOrleans)
                {
                    builder.AddMeter(OrleansMeter);
                }
            });
        });
        return services;
    }

    public static WebApplication MapPrometheusMetrics(this WebApplication app)
    {
        // The exporter maps every method; other methods than GET fall through to the JSON 404.
        app.MapPrometheusScrapingEndpoint(Path).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return app;
    }
}
