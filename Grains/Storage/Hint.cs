using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>A write held for a replica that missed it: the key, the full versioned value or tombstone, and when it was kept.</summary>
/// <param name="Target">The node that missed the write.</param>
/// <param name="Key">The key written.</param>
/// <param name="Value">The value or tombstone, with its version.</param>
/// <param name="CreatedAt">When the hint was kept (Unix milliseconds); it expires after the hint window.</param>
/// <param name="StorageKey">The hint's own key in the hints column family.</param>
public sealed record Hint(string Target, string Key, VersionedValue Value, long CreatedAt, byte[] StorageKey);
