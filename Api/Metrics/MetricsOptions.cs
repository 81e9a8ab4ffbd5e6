using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Api.Metrics;

/// <summary>The Prometheus endpoint ("OrleansKv:Metrics").</summary>
public sealed class MetricsOptions : IValidatableObject
{
    /// <summary>
    /// How long a scrape's answer is reused for the next scrapes, in milliseconds. Default 0:
    /// every scrape reads the instruments afresh, so counters are exact at any moment; raise it
    /// only if many scrapers hit one node.
    /// </summary>
    public int ScrapeResponseCacheMilliseconds { get; set; }

    /// <summary>
    /// Export Orleans' own meter (<c>orleans_*</c>: messaging, catalog, membership). Orleans then
    /// records every message it sends and receives, a cost on every replica call. Default true.
    /// </summary>
    public bool IncludeOrleans { get; set; } = true;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="MetricsOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (ScrapeResponseCacheMilliseconds < 0)
        {
            yield return Invalid("ScrapeResponseCacheMilliseconds must not be negative.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Metrics:{rule}");
}

/// <summary>Validates <see cref="MetricsOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
