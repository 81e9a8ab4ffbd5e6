namespace OrleansKv.Consistency;

/// <summary>How many of a key's N replicas must answer before a request succeeds.</summary>
/// <remarks>Crosses the wire: explicit values, append-only, never reorder.</remarks>
[GenerateSerializer, Alias("kv.ConsistencyLevel")]
public enum ConsistencyLevel
{
    /// <summary>One replica.</summary>
    One = 1,

    /// <summary>floor(N/2)+1 replicas.</summary>
    Quorum = 2,

    /// <summary>All N replicas.</summary>
    All = 3,

    /// <summary>
    /// Linearizable, per key: Paxos among a quorum of the key's replicas. Only for conditional
    /// writes and reads.
    /// </summary>
    Serial = 4,
}
