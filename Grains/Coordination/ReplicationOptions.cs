namespace OrleansKv.Grains.Coordination;

/// <summary>How the coordinator talks to replicas.</summary>
public sealed class ReplicationOptions
{
    /// <summary>
    /// The longest the coordinator waits for one replica before counting it as failed. Default 1 s.
    /// Orleans itself would wait until a crashed silo is declared dead, which can take seconds.
    /// </summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Which replicas a read asks. <see cref="ReadFanout.All"/> (default): every up replica at
    /// once, answering when the level is met; the late answers are what read repair will use.
    /// <see cref="ReadFanout.Required"/>: only as many as the level needs, this node first, with
    /// a standby replica called for each failure — less work per read, same availability.
    /// </summary>
    public ReadFanout ReadFanout { get; set; } = ReadFanout.All;

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

/// <summary>Which replicas a read asks. Persisted in configuration by name.</summary>
public enum ReadFanout
{
    All = 0,
    Required = 1,
}
