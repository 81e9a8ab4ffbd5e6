namespace OrleansKv.Grains.Coordination;

/// <summary>Read repair: a read that finds replicas disagreeing writes the newest version to the stale ones.</summary>
public sealed class ReadRepairOptions
{
    /// <summary>Repair stale replicas found by reads. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Share of reads at <c>one</c> that check every replica in the background and repair the
    /// stale ones (reads at <c>quorum</c> and <c>all</c> always repair). Default 0.1.
    /// </summary>
    public double BackgroundChance { get; set; } = 0.1;
}
