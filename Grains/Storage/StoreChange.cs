using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// One change to a key, resolved against what the key holds: store a value if it is newer (last
/// writer wins), or remove the entry if it still holds exactly a given version (tombstone
/// collection, repair of a node that was away too long). The one place the store's
/// compare-and-write rule is written; both write engines apply it.
/// </summary>
internal readonly record struct StoreChange(VersionedValue? Value, ValueVersion? RemoveVersion)
{
    public static StoreChange Apply(VersionedValue value) => new(value, null);

    public static StoreChange RemoveIf(ValueVersion version) => new(null, version);

    /// <summary>Last writer wins: an incoming version replaces what the key holds only if it is newer.</summary>
    public static bool Replaces(ValueVersion incoming, ValueVersion? held) => incoming.IsNewerThan(held);

    /// <summary>
    /// What the key holds after the change, given what it holds now; <paramref name="changed"/>
    /// says whether anything must be written (a put of the result, or a delete when it is null).
    /// </summary>
    public VersionedValue? Resolve(VersionedValue? current, out bool changed)
    {
        if (Value is not null)
        {
            changed = Replaces(Value.Version, current?.Version);
            return changed ? Value : current;
        }

        changed = current is not null && current.Version.Equals(RemoveVersion);
        return changed ? null : current;
    }
}
