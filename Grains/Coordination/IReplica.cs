using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>One replica as the coordinator talks to it: this node's store, or another node's storage grain.</summary>
public interface IReplica
{
    ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value);

    ValueTask<VersionedValue?> ReadAsync(string key);
}
