using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Convergence;

/// <summary>Anti-entropy: replicas of each token range compare Merkle summaries and exchange the keys that differ.</summary>
public sealed class AntiEntropyOptions : IValidatableObject
{
    /// <summary>
    /// How often each node repairs its ranges on its own; zero turns the schedule off (repairs
    /// then run only on demand, POST /admin/repair). Default 6 hours: well inside the
    /// tombstone grace period (10 days), so every replica sees every delete before it is purged.
    /// The first run comes one interval after start-up.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Children per node of the Merkle descent: a differing range is cut into this many parts. Default 16.</summary>
    public int TreeFanout { get; set; } = 16;

    /// <summary>A differing range with at most this many keys on either side is compared key by key. Default 128.</summary>
    public int LeafKeys { get; set; } = 128;

    /// <summary>Keys sent or fetched in one message. Default 256.</summary>
    public int TransferBatchSize { get; set; } = 256;

    /// <summary>The longest one anti-entropy message may take. Default 30 s (summarizing a large range scans it).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="AntiEntropyOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (Interval < TimeSpan.Zero)
        {
            yield return Invalid("Interval must not be negative (0 turns the schedule off).");
        }

        if (TreeFanout is < 2 or > 256)
        {
            yield return Invalid("TreeFanout must be between 2 and 256.");
        }

        if (LeafKeys < 1)
        {
            yield return Invalid("LeafKeys must be at least 1.");
        }

        if (TransferBatchSize < 1)
        {
            yield return Invalid("TransferBatchSize must be at least 1.");
        }

        if (CallTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("CallTimeout must be positive.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:AntiEntropy:{rule}");
}

/// <summary>Validates <see cref="AntiEntropyOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class AntiEntropyOptionsValidator : IValidateOptions<AntiEntropyOptions>;
