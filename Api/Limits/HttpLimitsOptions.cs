using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Api.Limits;

/// <summary>
/// What the node's HTTP server accepts (section <c>OrleansKv:Limits</c>, beside the key and value
/// limits of <c>RequestLimitsOptions</c>, which the coordinator checks for every entry point).
/// </summary>
public sealed class HttpLimitsOptions : IValidatableObject
{
    /// <summary>
    /// Most bytes of request headers together (Kestrel's MaxRequestHeadersTotalSize). More is
    /// refused by Kestrel with 431 before the API sees the request. Default 32768; between 1024
    /// and 1048576 (Kestrel's request buffer must hold them).
    /// </summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Requests served at once; more wait in a queue of <see cref="MaxQueuedRequests"/>, and past
    /// that are answered 503 with a JSON error and <c>Retry-After: 1</c>. Health checks and
    /// metrics are never held back, so a busy node is not taken for a dead one. Default 1024; 0 = no limit.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 1024;

    /// <summary>Requests that wait, oldest first, for one of <see cref="MaxConcurrentRequests"/>. Default 1024.</summary>
    public int MaxQueuedRequests { get; set; } = 1024;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="HttpLimitsOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxRequestHeadersBytes is < 1024 or > 1024 * 1024)
        {
            yield return Invalid("MaxRequestHeadersBytes must be between 1024 and 1048576.");
        }

        if (MaxConcurrentRequests < 0)
        {
            yield return Invalid("MaxConcurrentRequests must not be negative (0 = no limit).");
        }

        if (MaxQueuedRequests < 0)
        {
            yield return Invalid("MaxQueuedRequests must not be negative.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Limits:{rule}");
}

/// <summary>Validates <see cref="HttpLimitsOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class HttpLimitsOptionsValidator : IValidateOptions<HttpLimitsOptions>;
