namespace OrleansKv.Versioning;

/// <summary>
/// What a replica stores for a key: a value or a tombstone (Value is null), with its version.
/// A tombstone is kept so that a stale replica can never resurrect a deleted value.
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.VersionedValue")]
public sealed record VersionedValue(
    [property: Id(0)] ValueVersion Version,
    [property: Id(1)] byte[]? Value)
{
    /// <summary>True for a delete marker.</summary>
    public bool IsTombstone => Value is null;

    /// <summary>A tombstone with the given version.</summary>
    public static VersionedValue Tombstone(ValueVersion version) => new(version, null);

    /// <summary>The newer of two values by version (null loses).</summary>
    public static VersionedValue? Newest(VersionedValue? a, VersionedValue? b) =>
        a is null ? b : b is null ? a : b.Version.IsNewerThan(a.Version) ? b : a;
}
