namespace OrleansKv.Grains.Storage;

/// <summary>
/// An arc of the ring: tokens t with StartExclusive &lt; t &lt;= EndInclusive, walking clockwise.
/// When StartExclusive &gt;= EndInclusive the arc wraps past ulong.MaxValue; Start == End is the
/// whole ring. This is the unit of data streaming and anti-entropy.
/// </summary>
public readonly record struct TokenRange(ulong StartExclusive, ulong EndInclusive)
{
    /// <summary>Every token.</summary>
    public static TokenRange Full => new(0, 0);

    public bool Contains(ulong token) =>
        StartExclusive < EndInclusive
            ? token > StartExclusive && token <= EndInclusive
            : token > StartExclusive || token <= EndInclusive;
}
