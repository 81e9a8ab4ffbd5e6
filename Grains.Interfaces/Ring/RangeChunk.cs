namespace OrleansKv.Ring;

/// <summary>
/// One batch of a range being streamed: <see cref="Count"/> entries in token order, packed in the
/// stores' own on-disk encoding (repeated [key length: 4 bytes][key][value length: 4 bytes][value],
/// lengths big-endian), so a chunk moves from one node's RocksDB to another's without being
/// decoded into objects. Batches end on a token boundary, so resuming after
/// <see cref="LastToken"/> never skips or repeats a key.
/// </summary>
/// <param name="Packed">The entries (values and tombstones).</param>
/// <param name="Count">How many entries <paramref name="Packed"/> holds.</param>
/// <param name="LastToken">The token of the last entry; resume with the arc after it.</param>
/// <param name="Done">True when the range has no more entries.</param>
[GenerateSerializer, Immutable, Alias("kv.RangeChunk")]
public sealed record RangeChunk(
    [property: Id(0)] byte[] Packed,
    [property: Id(1)] int Count,
    [property: Id(2)] ulong LastToken,
    [property: Id(3)] bool Done);
