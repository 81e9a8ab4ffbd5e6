using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Replica;

/// <summary>How long deletes are remembered, and how often old ones are collected.</summary>
public sealed class TombstoneOptions : IValidatableObject
{
    /// <summary>
    /// Tombstones older than this are purged from storage. Default 10 days, as Cassandra's
    /// gc_grace_seconds. Every replica must have seen a delete within this time (hints, read
    /// repair, anti-entropy), so a node that was down for longer refuses reads until a repair
    /// has run on it.
    /// </summary>
    public TimeSpan GcGrace { get; set; } = TimeSpan.FromDays(10);

    /// <summary>How often storage is swept for tombstones older than <see cref="GcGrace"/>. Default 1 hour.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the node records that it is alive (to tell, on restart, how long it was away). Default 1 minute.</summary>
    public TimeSpan AliveRecordInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="TombstoneOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (GcGrace <= TimeSpan.Zero)
        {
            yield return Invalid("GcGrace must be positive.");
        }

        if (PurgeInterval <= TimeSpan.Zero)
        {
            yield return Invalid("PurgeInterval must be positive.");
        }

        if (AliveRecordInterval <= TimeSpan.Zero || AliveRecordInterval >= GcGrace)
        {
            yield return Invalid("AliveRecordInterval must be positive and shorter than GcGrace.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Tombstones:{rule}");
}

/// <summary>Validates <see cref="TombstoneOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class TombstoneOptionsValidator : IValidateOptions<TombstoneOptions>;
