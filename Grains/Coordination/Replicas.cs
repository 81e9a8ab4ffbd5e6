using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Resolves a node id to the <see cref="IReplica"/> to call. This node's own replica is its
/// store, called directly: the storage grain would only add a message hop on the same silo.
/// Other nodes are reached through their pinned storage grains, with concurrent calls to the
/// same node coalesced into batch messages (<see cref="ReplicaBatcher{TRequest,TResponse}"/>).
/// </summary>
public sealed class Replicas(
    IGrainFactory grains, IKeyValueStore store, ILocalSiloDetails silo, IOptions<ReplicationOptions> options, KvMetrics metrics)
{
    private readonly IReplica _local = new MeasuredReplica(new LocalReplica(store), silo.Name, metrics, options.Value.ReplicaTimeout);
    private readonly ConcurrentDictionary<string, IReplica> _remote = new(StringComparer.Ordinal);
    private readonly ReplicationOptions _options = options.Value;

    public IReplica For(string nodeId) =>
        nodeId == silo.Name
            ? _local
            : _remote.GetOrAdd(nodeId, id => new MeasuredReplica(
                _options.MaxBatchSize > 1
                    ? new BatchingRemoteReplica(grains.GetGrain<IStorageGrain>(id), _options)
                    : new RemoteReplica(grains.GetGrain<IStorageGrain>(id)),
                id, metrics, _options.ReplicaTimeout));

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

    private sealed class BatchingRemoteReplica : IReplica
    {
        private readonly ReplicaBatcher<ReplicaWrite, ValueVersion> _writes;
        private readonly ReplicaBatcher<string, VersionedValue?> _reads;

        public BatchingRemoteReplica(IStorageGrain grain, ReplicationOptions options)
        {
            // A batch to a crashed node must not hold its slot until Orleans gives up (30 s).
            var timeout = options.ReplicaTimeout;
            _writes = new(batch => grain.ApplyBatchAsync(batch).AsTask().WaitAsync(timeout), options.MaxBatchesInFlightPerNode, options.MaxBatchSize);
            _reads = new(batch => grain.ReadBatchAsync(batch).AsTask().WaitAsync(timeout), options.MaxBatchesInFlightPerNode, options.MaxBatchSize);
        }

        public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => new(_writes.SendAsync(new ReplicaWrite(key, value)));

        public ValueTask<VersionedValue?> ReadAsync(string key) => new(_reads.SendAsync(key));
    }
}
