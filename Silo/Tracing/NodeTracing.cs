using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansKv.Api.Tracing;
using OrleansKv.Grains.Telemetry;

namespace OrleansKv.Silo.Tracing;

/// <summary>
/// Distributed tracing of a node, on only when an OTLP endpoint is configured
/// (<see cref="TracingOptions"/>). Then the node records its own spans (<see cref="KvTracing"/>),
/// the HTTP server spans, and Orleans' grain-call spans, whose propagation filters carry the trace
/// to the other nodes (W3C traceparent in the request context): one quorum PUT is one trace across
/// three processes. Off, none of this is registered: no listener, no propagation filters on
/// grain calls, nothing on the hot path but a check that nothing listens.
/// </summary>
public static class NodeTracing
{
    public const string Section = "OrleansKv:Tracing";

    /// <summary>
    /// Orleans' spans of grain calls: the ones that cross nodes. Orleans files a call under
    /// "Runtime" when its interface's namespace starts with "Orleans", which "OrleansKv.Contracts"
    /// does, so our grain calls are there; "Application" is listened to as well, for the day they move.
    /// </summary>
    public static readonly string[] OrleansGrainCallSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    private const string DefaultServiceName = "orleanskv";

    /// <summary>Whether <paramref name="configuration"/> turns tracing on: an endpoint is set and the SDK is not disabled.</summary>
    public static bool IsEnabled(IConfiguration configuration, TracingOptions options) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]));

    /// <summary>
    /// Registers the options and, when tracing is on, the tracer provider with its OTLP exporter;
    /// returns whether it is on, so the caller adds Orleans' activity propagation to the silo.
    /// </summary>
    public static bool AddNodeTracing(this IHostApplicationBuilder builder, string nodeId)
    {
        builder.Services.AddTracingOptions();

        // Read here as well as through IOptions: what is registered depends on it.
        var options = builder.Configuration.GetSection(Section).Get<TracingOptions>() ?? new TracingOptions();
        if (!IsEnabled(builder.Configuration, options))
        {
            return false;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        builder.Services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: nodeId))
                .SetSampler(NodeSampler.Create(Math.Clamp(options.SampleRatio, 0, 1)))
                .AddSource([KvTracing.SourceName, .. OrleansGrainCallSources])
                .AddKeyValueApiInstrumentation()
                .AddOtlpExporter(exporter =>
                {
                    if (options.OtlpEndpoint is { Length: > 0 } endpoint)
                    {
                        exporter.Endpoint = TracesEndpoint(new Uri(endpoint), exporter.Protocol);
                    }
                });
        });
        return true;
    }

    /// <summary>The settings, bound and checked at start-up like every other section (they are also read once above, at build time).</summary>
    public static IServiceCollection AddTracingOptions(this IServiceCollection services)
    {
        services.AddOptions<TracingOptions>().BindConfiguration(Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TracingOptions>, TracingOptionsValidator>());
        return services;
    }

    /// <summary>
    /// An endpoint set in code is used as given (OpenTelemetry appends no signal path to it), so a
    /// base URL for http/protobuf gets /v1/traces here, as the environment variable would.
    /// </summary>
    public static Uri TracesEndpoint(Uri endpoint, OtlpExportProtocol protocol) =>
        protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "/" or ""
            ? new Uri(endpoint, "v1/traces")
            : endpoint;
}
