namespace OrleansKv.Time;

/// <summary>
/// A node's wall clock, read by its peers to measure their offsets from it. One activation per
/// node, pinned to that node; it answers even while the node is fenced, so the node can tell
/// when its clock is back.
/// </summary>
[Alias("kv.IClockGrain")]
public interface IClockGrain : IGrainWithStringKey
{
    /// <summary>The node's physical clock (the one its hybrid logical clock reads), in UTC ticks.</summary>
    [Alias("Read")]
    ValueTask<long> ReadAsync();
}
