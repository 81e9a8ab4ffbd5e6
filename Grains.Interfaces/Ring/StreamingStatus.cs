namespace OrleansKv.Ring;

/// <summary>
/// Progress of a ring change (join, decommission, remove): the ranges its new owners stream.
/// </summary>
/// <param name="Epoch">The ring epoch the change started at.</param>
/// <param name="Change">"join", "decommission" or "remove".</param>
/// <param name="NodeId">The node joining or leaving.</param>
/// <param name="Phase">"streaming", "done" or "failed" (a failed change is retried by its driver).</param>
/// <param name="RangesDone">Ranges streamed so far, over every receiving node.</param>
/// <param name="RangesTotal">Ranges to stream.</param>
/// <param name="Keys">Keys received.</param>
/// <param name="Bytes">Bytes of keys and values received.</param>
/// <param name="KeysPerSecond">Keys per second since the start.</param>
/// <param name="BytesPerSecond">Bytes per second since the start.</param>
/// <param name="StartedAt">When streaming began.</param>
/// <param name="FinishedAt">When it ended, if it has.</param>
/// <param name="Error">Why the last attempt failed, if it did.</param>
[GenerateSerializer, Immutable, Alias("kv.StreamingStatus")]
public sealed record StreamingStatus(
    [property: Id(0)] long Epoch,
    [property: Id(1)] string Change,
    [property: Id(2)] string NodeId,
    [property: Id(3)] string Phase,
    [property: Id(4)] int RangesDone,
    [property: Id(5)] int RangesTotal,
    [property: Id(6)] long Keys,
    [property: Id(7)] long Bytes,
    [property: Id(8)] double KeysPerSecond,
    [property: Id(9)] double BytesPerSecond,
    [property: Id(10)] DateTimeOffset StartedAt,
    [property: Id(11)] DateTimeOffset? FinishedAt,
    [property: Id(12)] string? Error);
