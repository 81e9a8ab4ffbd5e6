
namespace OrleansKv.Grains.Replica;

/// <summary>How the coordinator talks to replicas.</summary>
public sealed class ReplicationOptions
{
    /// <summary>
    /// The longest the coordinator waits for one replica before counting it as failed. Default 1 s.
    /// Orleans itself would wait until a crashed silo is declared dead, which can take seconds.
    /// </summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Which replicas a read asks; see <see cref="Coordination.ReadFanout"/>. Default
    /// <see cref="ReadFanout.OneAtOne"/>.
    /// </summary>
    public ReadFanout ReadFanout { get; set; } = ReadFanout.OneAtOne;

    /// <summary>
    /// With batching on: batches of replica calls outstanding to one node (per kind: writes,
    /// reads) before further calls wait to travel together in the next batch. Default 8.
    /// </summary>
    public int MaxBatchesInFlightPerNode { get; set; } = 8;

    /// <summary>
    /// Most replica calls coalesced into one message to a node. Default 1: batching off, one
    /// grain call per replica call. Batching (e.g. 64) is opt-in: on the 2-core benchmark box it
    /// helped reads and not writes, within the run-to-run noise (see the README's Benchmarks).
    /// </summary>
    public int MaxBatchSize { get; set; } = 1;
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
    /// ask every up replica. A sample of reads at <c>one</c> (<see cref="ReadRepairOptions.BackgroundChance"/>)
    /// asks every replica too, so stale copies are still found and repaired by reads.
    /// </summary>
    OneAtOne = 2,
}
