using OrleansKv.Versioning;

namespace OrleansKv.Results;

/// <summary>A live key found by a listing, with its newest version among the replicas asked.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">Its value (the stored JSON bytes).</param>
/// <param name="Version">Its version.</param>
/// <param name="ExpiresAt">When it expires; null when it never does.</param>
[GenerateSerializer, Immutable, Alias("kv.ListedKey")]
public sealed record ListedKey(
    [property: Id(0)] string Key,
    [property: Id(1)] byte[] Value,
    [property: Id(2)] ValueVersion Version,
    [property: Id(3)] DateTimeOffset? ExpiresAt);

/// <summary>
/// One page of a listing: live keys in listing order (by token, then key), and the cursor of the
/// next page, null on the last one. A page may hold fewer keys than asked for, even none, and
/// still have a next page: each page looks at a bounded number of entries.
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.KeyPage")]
public sealed record KeyPage(
    [property: Id(0)] ListedKey[] Keys,
    [property: Id(1)] string? NextCursor);
