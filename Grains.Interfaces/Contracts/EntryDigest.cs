using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>A key and the version a replica holds for it, without the value: what anti-entropy compares.</summary>
[GenerateSerializer, Immutable, Alias("kv.EntryDigest")]
public sealed record EntryDigest(
    [property: Id(0)] string Key,
    [property: Id(1)] ValueVersion Version,
    [property: Id(2)] bool IsTombstone);
