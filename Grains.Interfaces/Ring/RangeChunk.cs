using OrleansKv.Contracts;

namespace OrleansKv.Ring;

/// <summary>
/// One batch of a range being streamed: entries in token order, and where to resume. Batches
/// end on a token boundary, so resuming after <see cref="LastToken"/> never skips or repeats a key.
/// </summary>
/// <param name="Entries">Keys with their values or tombstones.</param>
/// <param name="LastToken">The token of the last entry; resume with the arc after it.</param>
/// <param name="Done">True when the range has no more entries.</param>
[GenerateSerializer, Immutable, Alias("kv.RangeChunk")]
public sealed record RangeChunk(
    [property: Id(0)] ReplicaWrite[] Entries,
    [property: Id(1)] ulong LastToken,
    [property: Id(2)] bool Done);
