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

    /// <summary>
    /// How long a key's Paxos state is kept once every proposal of it is committed; every ballot
    /// older than this is refused, so a dropped promise lets nothing older through. It must
    /// exceed by far the longest a proposer can take (<see cref="ContentionTimeout"/>) plus the
    /// clock drift allowed between nodes. Default 1 h.
    /// </summary>
    public TimeSpan StateGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each node drops the committed Paxos state older than <see cref="StateGrace"/>. Default 10 min.</summary>
    public TimeSpan StatePurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="PaxosOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (ContentionTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("ContentionTimeout must be positive.");
        }

        if (StateGrace < TimeSpan.FromMinutes(1) || StateGrace < ContentionTimeout * 10)
        {
            yield return Invalid("StateGrace must be at least a minute and at least ten times ContentionTimeout.");
        }

        if (StatePurgeInterval <= TimeSpan.Zero)
        {
            yield return Invalid("StatePurgeInterval must be positive.");
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
