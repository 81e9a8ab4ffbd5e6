namespace OrleansKv.Errors;

/// <summary>
/// A replica refused a write whose version was stamped too far ahead of its own clock: the clock
/// of the node that stamped it is wrong. Refusing keeps one bad clock from winning every write.
/// </summary>
[GenerateSerializer, Alias("kv.ClockDriftException")]
public sealed class ClockDriftException : Exception
{
    public ClockDriftException(string replicaNodeId, string stampedBy, TimeSpan ahead, TimeSpan limit)
        : base($"{replicaNodeId} refused a write stamped by {stampedBy}: {ahead.TotalSeconds:0.0} s ahead of its clock (limit {limit.TotalSeconds:0.#} s); check {stampedBy}'s clock.")
    {
        StampedBy = stampedBy;
    }

    /// <summary>The node whose clock is ahead.</summary>
    [Id(0)]
    public string StampedBy { get; }
}
