using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Coordination;

/// <summary>Conditional writes and reads at <c>serial</c>: per-key Paxos among the key's replicas.</summary>
public sealed class PaxosOptions : IValidatableObject
{
    /// <summary>
    /// Longest a conditional write or a serial read keeps trying to decide under contention
    /// before it answers 503 (Cassandra's <c>cas_contention_timeout</c>). Default 3 s.
    /// </summary>
    public TimeSpan ContentionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Shortest wait before a retry after losing a round to another proposer. Default 5 ms.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest wait before a retry; the bound doubles per attempt from <see cref="MinBackoff"/> up to this. Default 100 ms.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="PaxosOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (ContentionTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("ContentionTimeout must be positive.");
        }

        if (MinBackoff < TimeSpan.Zero || MaxBackoff < MinBackoff)
        {
            yield return Invalid("MinBackoff must not be negative, and MaxBackoff must be at least MinBackoff.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Paxos:{rule}");
}

/// <summary>Validates <see cref="PaxosOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class PaxosOptionsValidator : IValidateOptions<PaxosOptions>;
