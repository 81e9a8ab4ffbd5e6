namespace OrleansKv.Grains.Replica;

/// <summary>
/// Read fan-outs kept for A/B runs and for tests that read one replica's own copy (section
/// <c>OrleansKv:Experimental</c>). <see cref="ReadFanout.OneAtOne"/> won its A/B against
/// <see cref="ReadFanout.All"/> (reads at <c>one</c>: 1.44× the rate, 0.58× the CPU per read, on the
/// 2-core benchmark box) and is the default; the others are not production settings.
/// </summary>
public sealed class ExperimentalReplicationOptions
{
    /// <summary>Which replicas a read asks. Default <see cref="ReadFanout.OneAtOne"/>.</summary>
    public ReadFanout ReadFanout { get; set; } = ReadFanout.OneAtOne;
}

/// <summary>
/// Which replicas a read asks. Every choice has the same availability: a standby replica is
/// called for each one that fails. Named in configuration by name.
/// </summary>
public enum ReadFanout
{
    /// <summary>Every up replica at once, answering when the level is met; read repair compares the late answers.</summary>
    All = 0,

    /// <summary>Only as many replicas as the level needs, this node first.</summary>
    Required = 1,

    /// <summary>
    /// Reads at <c>one</c> ask one replica, this node first; reads at <c>quorum</c> and <c>all</c>
    /// ask every up replica. A sample of reads at <c>one</c> (<c>ReadRepair:BackgroundChance</c>)
    /// asks every replica too, so stale copies are still found and repaired by reads.
    /// </summary>
    OneAtOne = 2,
}
