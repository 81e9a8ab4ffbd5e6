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
    /// Batches of replica calls outstanding to one node (per kind: writes, reads) before further
    /// calls wait to travel together in the next batch. Default 2. Higher: less batching, less waiting.
    /// </summary>
    public int MaxBatchesInFlightPerNode { get; set; } = 2;

    /// <summary>Most replica calls in one batch message. Default 256; 1 turns batching off.</summary>
    public int MaxBatchSize { get; set; } = 256;
}

/// <summary>Which replicas a read asks. Persisted in configuration by name.</summary>
public enum ReadFanout
{
    All = 0,
    Required = 1,
}
