using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Ring;

/// <summary>Shape of the consistent-hash ring and how ring changes run. Shape must be identical on every node.</summary>
public sealed class RingOptions : IValidatableObject
{
    /// <summary>Tokens (virtual nodes) a node takes when it joins. Default 256.</summary>
    public int VirtualNodesPerNode { get; set; } = 256;

    /// <summary>Replicas per key (N). Default 3.</summary>
    public int ReplicationFactor { get; set; } = 3;

    /// <summary>How often a node reads the ring record even when no change told it to. Default 2 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a node that wants to join checks whether another change has finished. Default 250 ms.</summary>
    public TimeSpan JoinWaitInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Entries per streamed batch (each batch is one message; the receiver asks for the next when it has stored this one). Default 4,096.</summary>
    public int StreamBatchEntries { get; set; } = 4096;

    /// <summary>Bytes per streamed batch, at most (a batch ends at whichever limit comes first). Default 4 MiB.</summary>
    public int StreamBatchBytes { get; set; } = 4 << 20;

    /// <summary>Ranges a receiving node streams at once. Default 4.</summary>
    public int StreamParallelRanges { get; set; } = 4;

    /// <summary>
    /// The nodes a new cluster starts with, comma-separated ("node1,node2,node3"): the first ring
    /// record waits for them (at most <see cref="BootstrapWait"/>) so that they all own it at once
    /// instead of joining one after another (a join is three epochs). Read only while the cluster
    /// has no ring record yet. The local launcher sets it. Default empty: no wait.
    /// </summary>
    public string InitialNodes { get; set; } = "";

    /// <summary>How long the first ring record waits for the <see cref="InitialNodes"/> to be active. Default 10 s.</summary>
    public TimeSpan BootstrapWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><see cref="InitialNodes"/> as node ids.</summary>
    public string[] InitialNodeIds => InitialNodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Bound on one streaming or ring-change call to another node. Default 30 s.</summary>
    public TimeSpan ChangeCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="RingOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (VirtualNodesPerNode is < 1 or > 4096)
        {
            yield return Invalid("VirtualNodesPerNode must be between 1 and 4096.");
        }

        if (ReplicationFactor is < 1 or > 64)
        {
            yield return Invalid("ReplicationFactor must be between 1 and 64.");
        }

        if (RefreshInterval <= TimeSpan.Zero)
        {
            yield return Invalid("RefreshInterval must be positive.");
        }

        if (JoinWaitInterval <= TimeSpan.Zero)
        {
            yield return Invalid("JoinWaitInterval must be positive.");
        }

        if (StreamBatchEntries < 1)
        {
            yield return Invalid("StreamBatchEntries must be at least 1.");
        }

        if (StreamBatchBytes < 1)
        {
            yield return Invalid("StreamBatchBytes must be at least 1.");
        }

        if (StreamParallelRanges < 1)
        {
            yield return Invalid("StreamParallelRanges must be at least 1.");
        }

        if (ChangeCallTimeout <= TimeSpan.Zero)
        {
            yield return Invalid("ChangeCallTimeout must be positive.");
        }

        if (BootstrapWait < TimeSpan.Zero)
        {
            yield return Invalid("BootstrapWait must not be negative (0 turns the wait off).");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Ring:{rule}");
}

/// <summary>Validates <see cref="RingOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class RingOptionsValidator : IValidateOptions<RingOptions>;
