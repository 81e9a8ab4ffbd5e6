using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>One key as held by a node's storage, with its ring token.</summary>
public readonly record struct StoredEntry(ulong Token, string Key, VersionedValue Value);
