using OrleansKv.Versioning;

namespace OrleansKv.Client;

/// <summary>A value read from the store, with the version that wrote it and when it expires (null: never).</summary>
public sealed record KeyValueEntry<T>(string Key, T Value, ValueVersion Version, DateTimeOffset? ExpiresAt);
