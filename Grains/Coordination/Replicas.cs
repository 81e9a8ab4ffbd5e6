using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Resolves a node id to the <see cref="IReplica"/> to call. This node's own replica is its
/// store, called directly: the storage grain would only add a message hop on the same silo.
/// Other nodes are reached through their pinned storage grains.
/// </summary>
public sealed class Replicas(IGrainFactory grains, IKeyValueStore store, ILocalSiloDetails silo)
{
    private readonly LocalReplica _local = new(store);

    public IReplica For(string nodeId) =>
        nodeId == silo.Name ? _local : new RemoteReplica(grains.GetGrain<IStorageGrain>(nodeId));

    private sealed class LocalReplica(IKeyValueStore store) : IReplica
    {
        public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => store.ApplyAsync(key, value);

        public ValueTask<VersionedValue?> ReadAsync(string key) => ValueTask.FromResult(store.Get(key));
    }

    private sealed class RemoteReplica(IStorageGrain grain) : IReplica
    {
        public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => grain.ApplyAsync(key, value);

        public ValueTask<VersionedValue?> ReadAsync(string key) => grain.ReadAsync(key);
    }
}
