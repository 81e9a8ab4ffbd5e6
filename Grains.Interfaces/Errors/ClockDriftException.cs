namespace OrleansKv.Errors;

/// <summary>
/// A replica refused a write whose version was stamped too far ahead of its own clock: one of the
/// two clocks is wrong. Refusing keeps one bad clock from winning every write. The message names
/// the clock to check, judged by the replica's measured offsets: the one that disagrees with the
/// majority of the cluster, which may be the replica's own.
/// </summary>
[GenerateSerializer, Alias("kv.ClockDriftException")]
public sealed class ClockDriftException : Exception
{
    public ClockDriftException(string replicaNodeId, string stampedBy, TimeSpan ahead, TimeSpan limit, string clockToCheck)
        : base($"{replicaNodeId} refused a write stamped by {stampedBy}: {ahead.TotalSeconds:0.0} s ahead of its clock (limit {limit.TotalSeconds:0.#} s); check the clock of {clockToCheck}.")
    {
        StampedBy = stampedBy;
        ClockToCheck = clockToCheck;
    }

    /// <summary>The node that stamped the version.</summary>
    [Id(0)]
    public string StampedBy { get; }

    /// <summary>The node (or, while not measured, the nodes) whose clock to check.</summary>
    [Id(1)]
    public string ClockToCheck { get; }
}
