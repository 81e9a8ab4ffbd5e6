using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Failure detection, tuned so a crashed node is declared dead within about 3 s (Orleans'
/// defaults take up to tens of seconds). Bound from "OrleansKv:Membership"; applied to Orleans'
/// ClusterMembershipOptions.
/// </summary>
public sealed class MembershipTimingOptions : IValidatableObject
{
    /// <summary>How long a probe may take before it counts as missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another. Default 2.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Suspicions needed to declare a silo dead. Default 1 (a 3-node cluster may have only one other voter left).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 1;

    /// <summary>How often each silo re-reads the membership table. Default 2 s.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo writes its I-am-alive time. Default 5 s.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="MembershipTimingOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (ProbeTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("ProbeTimeout must be positive.");
        }

        if (NumMissedProbesLimit < 1)
        {
            yield return Invalid("NumMissedProbesLimit must be at least 1.");
        }

        if (NumVotesForDeathDeclaration < 1)
        {
            yield return Invalid("NumVotesForDeathDeclaration must be at least 1.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Membership:{rule}");
}

/// <summary>Validates <see cref="MembershipTimingOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class MembershipTimingOptionsValidator : IValidateOptions<MembershipTimingOptions>;
