using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Replica;

/// <summary>How the coordinator talks to replicas.</summary>
public sealed class ReplicationOptions : IValidatableObject
{
    /// <summary>
    /// The longest the coordinator waits for one replica before counting it as failed. Default 1 s.
    /// Orleans itself would wait until a crashed silo is declared dead, which can take seconds.
    /// </summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With batching on: batches of replica calls outstanding to one node (per kind: writes,
    /// reads) before further calls wait to travel together in the next batch. Default 8.
    /// </summary>
    public int MaxBatchesInFlightPerNode { get; set; } = 8;

    /// <summary>
    /// Most replica calls coalesced into one message to a node. Default 1: batching off, one
    /// grain call per replica call. Batching (e.g. 64) is opt-in: on the 2-core benchmark box it
    /// helped reads and not writes, within the run-to-run noise (see the README's Benchmarks).
    /// </summary>
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="ReplicationOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (ReplicaTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("ReplicaTimeout must be positive.");
        }

        if (MaxBatchesInFlightPerNode < 1)
        {
            yield return Invalid("MaxBatchesInFlightPerNode must be at least 1.");
        }

        if (MaxBatchSize < 1)
        {
            yield return Invalid("MaxBatchSize must be at least 1.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Replication:{rule}");
}

/// <summary>Validates <see cref="ReplicationOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class ReplicationOptionsValidator : IValidateOptions<ReplicationOptions>;
