namespace OrleansKv.Versioning;

/// <summary>
/// What a replica stores for a key: a value or a tombstone (Value is null), with its version and,
/// for a write with a time to live, the absolute instant it expires.
/// A tombstone is kept so that a stale replica can never resurrect a deleted value; an expired
/// value plays the same part until it is purged: it still wins by version, so an older value on
/// another replica cannot come back, but every read answers it as absent.
/// </summary>
/// <param name="Version">The write's version (last writer wins).</param>
/// <param name="Value">The value's bytes (UTF-8 JSON); null for a tombstone.</param>
/// <param name="ExpiresAtUnixMs">Unix milliseconds from which the value reads as absent; null when it never expires.</param>
[GenerateSerializer, Immutable, Alias("kv.VersionedValue")]
public sealed record VersionedValue(
    [property: Id(0)] ValueVersion Version,
    [property: Id(1)] byte[]? Value,
    [property: Id(2)] long? ExpiresAtUnixMs = null)
{
    /// <summary>True for a delete marker.</summary>
    public bool IsTombstone => Value is null;

    /// <summary>The instant the value expires; null when it never does.</summary>
    public DateTimeOffset? ExpiresAt =>
        ExpiresAtUnixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>True when the value has a time to live and it has run out at <paramref name="now"/> (a tombstone never expires: it is purged by its own rule).</summary>
    public bool IsExpiredAt(DateTimeOffset now) =>
        !IsTombstone && ExpiresAtUnixMs is { } ms && now.ToUnixTimeMilliseconds() >= ms;

    /// <summary>True when a read at <paramref name="now"/> sees a value: not a tombstone, not expired.</summary>
    public bool IsLiveAt(DateTimeOffset now) => !IsTombstone && !IsExpiredAt(now);

    /// <summary>
    /// True when the key has been gone since before <paramref name="horizon"/>: a tombstone
    /// written before it, or a value that expired before it. Such entries are purged once the
    /// horizon is the tombstone grace period ago, and never copied to a replica that lacks them.
    /// </summary>
    public bool IsCollectableAt(DateTimeOffset horizon) =>
        IsTombstone ? Version.WallClock < horizon : ExpiresAtUnixMs is { } ms && ms < horizon.ToUnixTimeMilliseconds();

    /// <summary>A tombstone with the given version.</summary>
    public static VersionedValue Tombstone(ValueVersion version) => new(version, null);

    /// <summary>The newer of two values by version (null loses).</summary>
    public static VersionedValue? Newest(VersionedValue? a, VersionedValue? b) =>
        a is null ? b : b is null ? a : b.Version.IsNewerThan(a.Version) ? b : a;
}
