namespace OrleansKv.Grains.Coordination;

/// <summary>How the coordinator talks to replicas.</summary>
public sealed class ReplicationOptions
{
    /// <summary>
    /// The longest the coordinator waits for one replica before counting it as failed. Default 1 s.
    /// Orleans itself would wait until a crashed silo is declared dead, which can take seconds.
    /// </summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
