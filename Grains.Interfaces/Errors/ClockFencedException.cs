namespace OrleansKv.Errors;

/// <summary>
/// The node fenced itself: a majority of the nodes it reaches measure its clock further off than
/// half the allowed drift. It stamps no versions and serves no replica reads or writes until its
/// clock is back, so a wrong clock cannot write versions in the past or the future.
/// </summary>
[GenerateSerializer, Alias("kv.ClockFencedException")]
public sealed class ClockFencedException : Exception
{
    public ClockFencedException(string nodeId, string reason)
        : base($"{nodeId} is fenced: {reason}")
    {
        NodeId = nodeId;
        Reason = reason;
    }

    /// <summary>The fenced node: the one whose clock needs fixing.</summary>
    [Id(0)]
    public string NodeId { get; }

    /// <summary>What was measured.</summary>
    [Id(1)]
    public string Reason { get; }
}
