using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>
/// A place in the order every listing walks: by token, then by the key's UTF-8 bytes, as the
/// stores keep keys. After the key <paramref name="Key"/> of token <paramref name="Token"/>, or,
/// with <paramref name="Key"/> null, after every key of that token.
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.ListPosition")]
public sealed record ListPosition(
    [property: Id(0)] ulong Token,
    [property: Id(1)] string? Key);

/// <summary>A key and the version one replica holds of it (a tombstone too: a newer delete on one replica hides an older value on another).</summary>
[GenerateSerializer, Immutable, Alias("kv.ListedEntry")]
public sealed record ListedEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] VersionedValue Value);

/// <summary>
/// One replica's answer to a listing request for one token range: the matching entries after the
/// position asked for, in order, and how far it looked. Every key of the range between the
/// position asked for and <paramref name="Reached"/> that matches is in <paramref name="Entries"/>.
/// </summary>
/// <param name="Entries">Matching entries, values and tombstones, in listing order.</param>
/// <param name="Reached">The last entry the replica looked at (matching or not); null if it looked at none.</param>
/// <param name="Done">True when the replica looked at every entry of the range after the position.</param>
/// <param name="Scanned">How many entries it looked at, matching or not.</param>
[GenerateSerializer, Immutable, Alias("kv.KeyListingPage")]
public sealed record KeyListingPage(
    [property: Id(0)] ListedEntry[] Entries,
    [property: Id(1)] ListPosition? Reached,
    [property: Id(2)] bool Done,
    [property: Id(3)] int Scanned = 0);
