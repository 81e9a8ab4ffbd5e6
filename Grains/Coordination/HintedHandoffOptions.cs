using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Hinted handoff: a coordinator keeps writes that a replica missed and delivers them when the
/// replica is back. Hints never count towards a consistency level (no sloppy quorum).
/// </summary>
public sealed class HintedHandoffOptions : IValidatableObject
{
    /// <summary>Keep hints for replicas that miss writes. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Hints older than this are dropped (and counted) instead of delivered; anti-entropy repairs
    /// what they would have fixed. Default 3 hours, as Cassandra's max_hint_window.
    /// </summary>
    public TimeSpan MaxHintWindow { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How often pending hints are retried besides on membership changes. Default 10 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest one batch of hints may take to be applied by its target. Default 10 s.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Hints sent to a node in one message. Default 256.</summary>
    public int DeliveryBatchSize { get; set; } = 256;

    /// <summary>
    /// Target nodes delivered to at once; each gets one batch in flight at a time, so delivery
    /// never floods the cluster ahead of client traffic. Default 2.
    /// </summary>
    public int MaxConcurrentTargets { get; set; } = 2;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="HintedHandoffOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxHintWindow <= TimeSpan.Zero)
        {
            yield return Invalid("MaxHintWindow must be positive.");
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            yield return Invalid("RetryInterval must be positive.");
        }

        if (DeliveryTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("DeliveryTimeout must be positive.");
        }

        if (DeliveryBatchSize < 1)
        {
            yield return Invalid("DeliveryBatchSize must be at least 1.");
        }

        if (MaxConcurrentTargets < 1)
        {
            yield return Invalid("MaxConcurrentTargets must be at least 1.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:HintedHandoff:{rule}");
}

/// <summary>Validates <see cref="HintedHandoffOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class HintedHandoffOptionsValidator : IValidateOptions<HintedHandoffOptions>;
