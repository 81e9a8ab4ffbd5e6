namespace OrleansKv.Contracts;

/// <summary>
/// A node's Merkle hash of the entries it holds in one token range, and how many there are.
/// Two replicas with equal summaries hold the same keys at the same versions (tombstones included).
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.RangeSummary")]
public readonly record struct RangeSummary(
    [property: Id(0)] ulong Hash,
    [property: Id(1)] long Count)
{
    /// <summary>Bytes this summary takes in a message (for repair accounting).</summary>
    public const int WireBytes = 16;
}
