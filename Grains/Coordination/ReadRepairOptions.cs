using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Coordination;

/// <summary>Read repair: a read that finds replicas disagreeing writes the newest version to the stale ones.</summary>
public sealed class ReadRepairOptions : IValidatableObject
{
    /// <summary>Repair stale replicas found by reads. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Share of reads at <c>one</c> that check every replica in the background and repair the
    /// stale ones (reads at <c>quorum</c> and <c>all</c> always repair). Default 0.1.
    /// </summary>
    public double BackgroundChance { get; set; } = 0.1;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="ReadRepairOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (BackgroundChance is not (>= 0 and <= 1))
        {
            yield return Invalid("BackgroundChance must be between 0 and 1.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:ReadRepair:{rule}");
}

/// <summary>Validates <see cref="ReadRepairOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class ReadRepairOptionsValidator : IValidateOptions<ReadRepairOptions>;
