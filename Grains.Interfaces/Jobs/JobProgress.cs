namespace OrleansKv.Jobs;

/// <summary>What a background job does. Sent by value; append-only, never reorder.</summary>
public enum JobKind
{
    /// <summary>An anti-entropy repair of a node's ranges.</summary>
    Repair = 0,

    /// <summary>A node joins the ring: the nodes that gain ranges stream them.</summary>
    Join = 1,

    /// <summary>A node leaves the ring by itself: its ranges stream to their next owners.</summary>
    Decommission = 2,

    /// <summary>A dead node is removed from the ring: its ranges stream from their other replicas.</summary>
    Remove = 3,
}

/// <summary>Where a background job is. Sent by value; append-only, never reorder.</summary>
public enum JobPhase
{
    Running = 0,
    Done = 1,

    /// <summary>Failed, or stopped with its node; its <see cref="JobProgress.Error"/> says why.</summary>
    Failed = 2,
}

/// <summary>
/// Progress of one run of a background job: a repair of a node's ranges, or the streaming of a
/// ring change (one receiving node's part, or the driver's sum over every receiving node).
/// </summary>
/// <param name="Kind">What the job does.</param>
/// <param name="NodeId">The node repaired, or the node joining or leaving.</param>
/// <param name="Phase">Running, done or failed (a ring change's driver retries a failed stream).</param>
/// <param name="Epoch">The ring epoch a ring change started at; 0 for a repair.</param>
/// <param name="RangesDone">Token ranges compared or streamed so far.</param>
/// <param name="RangesTotal">Token ranges to compare or stream.</param>
/// <param name="KeysSent">Keys pushed to peers that lacked them or held older versions.</param>
/// <param name="KeysReceived">Keys taken in: pulled from peers, or streamed.</param>
/// <param name="BytesSent">Bytes of hashes, digests and values sent.</param>
/// <param name="BytesReceived">Bytes of hashes, digests, keys and values received.</param>
/// <param name="StartedAt">When the run began.</param>
/// <param name="FinishedAt">When it ended, if it has.</param>
/// <param name="AsOf">When these counters were read (the rates are over the run until then).</param>
/// <param name="Error">Why it failed or stopped, which peers a repair could not compare, or why a stream last failed.</param>
[GenerateSerializer, Immutable, Alias("kv.JobProgress")]
public sealed record JobProgress(
    [property: Id(0)] JobKind Kind,
    [property: Id(1)] string NodeId,
    [property: Id(2)] JobPhase Phase,
    [property: Id(3)] long Epoch,
    [property: Id(4)] int RangesDone,
    [property: Id(5)] int RangesTotal,
    [property: Id(6)] long KeysSent,
    [property: Id(7)] long KeysReceived,
    [property: Id(8)] long BytesSent,
    [property: Id(9)] long BytesReceived,
    [property: Id(10)] DateTimeOffset StartedAt,
    [property: Id(11)] DateTimeOffset? FinishedAt,
    [property: Id(12)] DateTimeOffset AsOf,
    [property: Id(13)] string? Error)
{
    /// <summary>Keys moved in either direction.</summary>
    public long KeysExchanged => KeysSent + KeysReceived;

    /// <summary>Keys received per second of the run (until it finished, or until <see cref="AsOf"/>).</summary>
    public double KeysPerSecond => Math.Round(KeysReceived / Seconds, 1);

    /// <summary>Bytes received per second of the run (until it finished, or until <see cref="AsOf"/>).</summary>
    public double BytesPerSecond => Math.Round(BytesReceived / Seconds, 1);

    /// <summary>How the kind reads in the HTTP API and the shell: "repair", "join", "decommission" or "remove".</summary>
    public string KindName => Kind switch
    {
        JobKind.Repair => "repair",
        JobKind.Join => "join",
        JobKind.Decommission => "decommission",
        _ => "remove",
    };

    /// <summary>
    /// How the phase reads in the HTTP API and the shell: "running" (a repair) or "streaming" (a
    /// ring change), "done", "failed".
    /// </summary>
    public string PhaseName => Phase switch
    {
        JobPhase.Running => Kind == JobKind.Repair ? "running" : "streaming",
        JobPhase.Done => "done",
        _ => "failed",
    };

    private double Seconds => Math.Max(0.001, ((FinishedAt ?? AsOf) - StartedAt).TotalSeconds);
}
