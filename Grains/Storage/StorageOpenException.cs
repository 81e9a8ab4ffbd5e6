namespace OrleansKv.Grains.Storage;

/// <summary>
/// The node's database could not be opened. Thrown instead of the engine's own exception, so
/// that the host can tell the operator what is wrong without naming the storage engine.
/// </summary>
public sealed class StorageOpenException(string location, bool inUse, Exception inner)
    : IOException($"The database at {location} could not be opened: {inner.Message}", inner)
{
    public string Location { get; } = location;

    /// <summary>True when another process (or this one) holds the directory's lock.</summary>
    public bool InUse { get; } = inUse;
}
