namespace OrleansKv.TestSupport.Linearizability;

public enum LinearizabilityVerdict
{
    Linearizable,
    NotLinearizable,

    /// <summary>The search ran out of time: no verdict (the problem is NP-complete).</summary>
    Unknown,
}

/// <summary>
/// What the checker found. For a history that is not linearizable, <see cref="Partition"/> names
/// the part (the key) with no legal order and <see cref="Explanation"/> how far the search got.
/// </summary>
public sealed record LinearizabilityResult(LinearizabilityVerdict Verdict, string? Partition, string Explanation)
{
    public override string ToString() =>
        Partition is null ? $"{Verdict}: {Explanation}" : $"{Verdict} (partition {Partition}): {Explanation}";
}
