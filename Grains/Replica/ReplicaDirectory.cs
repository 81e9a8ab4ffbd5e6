using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// Resolves a node id to the <see cref="IReplica"/> to call. This node's own replica is its
/// <see cref="LocalReplica"/>, called directly: the storage grain would only add a message hop
/// on the same silo. Other nodes are reached through their pinned storage grains, with
/// concurrent single-key calls to the same node optionally coalesced into batch messages
/// (<see cref="ReplicaBatcher{TRequest,TResponse}"/>).
/// </summary>
public sealed class ReplicaDirectory(IGrainFactory grains, LocalReplica local, ILocalSiloDetails silo, IOptions<ReplicationOptions> options)
{
    private readonly ConcurrentDictionary<string, IReplica> _remote = new(StringComparer.Ordinal);
    private readonly ReplicationOptions _options = options.Value;

    public IReplica For(string nodeId) =>
        nodeId == silo.Name
            ? local
            : _remote.GetOrAdd(nodeId, id => _options.MaxBatchSize > 1
                ? new BatchingRemoteReplica(grains.GetGrain<IStorageGrain>(id), _options)
                : new RemoteReplica(grains.GetGrain<IStorageGrain>(id)));

    private class RemoteReplica(IStorageGrain grain) : IReplica
    {
        public virtual ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => grain.ApplyAsync(key, value);

        public virtual ValueTask<VersionedValue?> ReadAsync(string key) => grain.ReadAsync(key);

        public ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes) => grain.ApplyBatchAsync(writes);

        public ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys) => grain.ReadBatchAsync(keys);

        public ValueTask<RangeSummary[]> SummarizeAsync(TokenRange[] ranges, int parts) => grain.SummarizeAsync(ranges, parts);

        public ValueTask<EntryDigest[]> DigestAsync(TokenRange range) => grain.DigestAsync(range);

        public ValueTask<RangeChunk> ScanAsync(TokenRange range, int maxEntries, int maxBytes) => grain.ScanAsync(range, maxEntries, maxBytes);

        public ValueTask<KeyListingPage> ListKeysAsync(ulong firstToken, ulong lastToken, ListPosition? after, string prefix, int limit, int maxScanned, bool withValues) =>
            grain.ListKeysAsync(firstToken, lastToken, after, prefix, limit, maxScanned, withValues);

        public ValueTask<PaxosPromise> PrepareAsync(string key, ValueVersion ballot) => grain.PrepareAsync(key, ballot);

        public ValueTask<PaxosAcceptance> ProposeAsync(string key, PaxosProposal proposal) => grain.ProposeAsync(key, proposal);

        public ValueTask<ValueVersion> CommitAsync(string key, PaxosProposal proposal) => grain.CommitAsync(key, proposal);
    }

    private sealed class BatchingRemoteReplica : RemoteReplica
    {
        private readonly ReplicaBatcher<ReplicaWrite, ValueVersion> _writes;
        private readonly ReplicaBatcher<string, VersionedValue?> _reads;

        public BatchingRemoteReplica(IStorageGrain grain, ReplicationOptions options)
            : base(grain)
        {
            // A batch to a crashed node must not hold its slot until Orleans gives up (30 s).
            var timeout = options.ReplicaTimeout;
            _writes = new(batch => grain.ApplyBatchAsync(batch).AsTask().WaitAsync(timeout), options.MaxBatchesInFlightPerNode, options.MaxBatchSize);
            _reads = new(batch => grain.ReadBatchAsync(batch).AsTask().WaitAsync(timeout), options.MaxBatchesInFlightPerNode, options.MaxBatchSize);
        }

        public override ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => new(_writes.SendAsync(new ReplicaWrite(key, value)));

        public override ValueTask<VersionedValue?> ReadAsync(string key) => new(_reads.SendAsync(key));
    }
}
