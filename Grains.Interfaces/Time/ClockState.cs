namespace OrleansKv.Time;

/// <summary>
/// Whether a node trusts its own clock, judged against the clocks of the nodes it reaches.
/// Crosses the wire in <see cref="ClockStatus"/>: explicit values, append-only, never reorder.
/// </summary>
[GenerateSerializer, Alias("kv.ClockState")]
public enum ClockState
{
    /// <summary>The node's clock agrees with at least half of the reachable nodes (itself included), or there is no one to compare with.</summary>
    Ok = 0,

    /// <summary>Exactly half of the reachable nodes disagree with it: no majority can say whose clock is wrong. It keeps serving.</summary>
    Suspect = 1,

    /// <summary>A majority of the reachable nodes disagree with its clock: it coordinates nothing and its replica serves nothing until the clock is back within bounds.</summary>
    Fenced = 2,
}
