using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Silo.Tracing;

/// <summary>
/// Distributed tracing ("OrleansKv:Tracing"). Off unless an OTLP endpoint is set, here or in the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the other <c>OTEL_*</c> settings of the exporter
/// (protocol, headers, batch delay) apply as OpenTelemetry documents them.
/// </summary>
public sealed class TracingOptions : IValidatableObject
{
    /// <summary>
    /// Where spans go, as a base URL like <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (http://collector:4317
    /// for gRPC, http://collector:4318 for http/protobuf, which gets /v1/traces appended when the
    /// URL has no path). Default none: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> decides.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// The share of traces a node starts that it records (HTTP requests and client calls that
    /// arrive without a sampled <c>traceparent</c>, background work), 0 to 1. A trace begun
    /// elsewhere follows its caller's decision. Default 1: every trace.
    /// </summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="TracingOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (SampleRatio is < 0 or > 1 || double.IsNaN(SampleRatio))
        {
            yield return new ValidationResult("OrleansKv:Tracing:SampleRatio must be between 0 and 1.");
        }

        // "collector:4317" parses as a URL of scheme "collector": only http and https reach an OTLP receiver.
        if (OtlpEndpoint is { Length: > 0 } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"OrleansKv:Tracing:OtlpEndpoint must be an http:// or https:// URL, not '{endpoint}'.");
        }
    }
}

/// <summary>Validates <see cref="TracingOptions"/> at start-up: source-generated, it runs the class's <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class TracingOptionsValidator : IValidateOptions<TracingOptions>;
