namespace OrleansKv.Repair;

/// <summary>Where a repair is. Persisted by name in JSON; append-only, never reorder.</summary>
public enum RepairState
{
    Running = 0,
    Done = 1,
    Failed = 2,
}

/// <summary>Progress of one anti-entropy repair of a node's ranges.</summary>
/// <param name="NodeId">The node whose ranges are repaired.</param>
/// <param name="State">Running, done or failed.</param>
/// <param name="RangesTotal">Token ranges this node replicates (each compared with every other up replica).</param>
/// <param name="RangesDone">Ranges compared so far.</param>
/// <param name="KeysSent">Keys this node pushed to peers that lacked them or held older versions.</param>
/// <param name="KeysReceived">Keys this node pulled from peers that held newer versions.</param>
/// <param name="BytesSent">Bytes of hashes, digests and values this node sent.</param>
/// <param name="BytesReceived">Bytes of hashes, digests and values this node received.</param>
/// <param name="StartedAt">When the run began.</param>
/// <param name="FinishedAt">When it ended, if it has.</param>
/// <param name="Error">Why it failed, or which peers could not be compared.</param>
[GenerateSerializer, Immutable, Alias("kv.RepairStatus")]
public sealed record RepairStatus(
    [property: Id(0)] string NodeId,
    [property: Id(1)] RepairState State,
    [property: Id(2)] int RangesTotal,
    [property: Id(3)] int RangesDone,
    [property: Id(4)] long KeysSent,
    [property: Id(5)] long KeysReceived,
    [property: Id(6)] long BytesSent,
    [property: Id(7)] long BytesReceived,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset? FinishedAt,
    [property: Id(10)] string? Error)
{
    /// <summary>Keys moved in either direction.</summary>
    public long KeysExchanged => KeysSent + KeysReceived;
}
