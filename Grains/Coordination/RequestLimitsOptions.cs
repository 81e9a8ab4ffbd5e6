using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Coordination;

/// <summary>Limits on what a request may carry, checked by the coordinator.</summary>
public sealed class RequestLimitsOptions : IValidatableObject
{
    /// <summary>Longest key, in UTF-8 bytes. Default 1024.</summary>
    public int MaxKeyBytes { get; set; } = 1024;

    /// <summary>Largest value, in bytes. Default 1 MiB.</summary>
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// A request body over the limit, announced by Content-Length, is still read and thrown away
    /// up to this size before the 413 is sent, so a client that sends its whole body before it
    /// reads the answer gets the 413 instead of a broken connection. Larger bodies (and clients
    /// that sent "Expect: 100-continue") are refused before any of the body is read. Default 16 MiB.
    /// </summary>
    public long MaxDrainedBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="RequestLimitsOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxKeyBytes < 1)
        {
            yield return Invalid("MaxKeyBytes must be at least 1.");
        }

        if (MaxValueBytes < 0)
        {
            yield return Invalid("MaxValueBytes must not be negative.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Limits:{rule}");
}

/// <summary>Validates <see cref="RequestLimitsOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>;
