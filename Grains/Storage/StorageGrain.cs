using Orleans.Concurrency;
using Microsoft.Extensions.Options;
using OrleansKv.Cluster;
using OrleansKv.Contracts;
using OrleansKv.Grains.Hosting;
using OrleansKv.Grains.Placement;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The grain face of a node's <see cref="IKeyValueStore"/>. Stateless apart from the store, so
/// it is reentrant: any number of replica calls run at once; the store orders the writes.
/// </summary>
[NodePinnedPlacement, Reentrant]
public sealed class StorageGrain(
    IKeyValueStore store,
    ILocalSiloDetails silo,
    NodeStartTime started,
    IOptions<NodeEndpointsOptions> endpoints) : Grain, IStorageGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Placement guarantees this; a mismatch would mean serving another node's data.
        var nodeId = this.GetPrimaryKeyString();
        return nodeId == silo.Name
            ? Task.CompletedTask
            : throw new InvalidOperationException($"Storage grain '{nodeId}' activated on silo '{silo.Name}'.");
    }

    public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value) => store.ApplyAsync(key, value);

    public ValueTask<VersionedValue?> ReadAsync(string key) => ValueTask.FromResult(store.Get(key));

    public async ValueTask<ValueVersion[]> ApplyBatchAsync(ReplicaWrite[] writes)
    {
        // All enter the store's commit queue before any is awaited, so they share group commits.
        var pending = new ValueTask<ValueVersion>[writes.Length];
        for (var i = 0; i < writes.Length; i++)
        {
            pending[i] = store.ApplyAsync(writes[i].Key, writes[i].Value);
        }

        var held = new ValueVersion[writes.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            held[i] = await pending[i];
        }

        return held;
    }

    public ValueTask<VersionedValue?[]> ReadBatchAsync(string[] keys)
    {
        var values = new VersionedValue?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = store.Get(keys[i]);
        }

        return ValueTask.FromResult(values);
    }

    public ValueTask<NodeStats> GetStatsAsync(int sampleKeys)
    {
        var sample = store.Scan(TokenRange.Full)
            .Where(e => !e.Value.IsTombstone)
            .Take(Math.Clamp(sampleKeys, 0, 1000))
            .Select(e => e.Key)
            .ToArray();
        return ValueTask.FromResult(new NodeStats(
            silo.Name,
            silo.SiloAddress.ToString(),
            Environment.ProcessId,
            started.Value,
            store.LiveKeyCount,
            store.TombstoneCount,
            sample,
            endpoints.Value.HttpUrl,
            endpoints.Value.GatewayPort,
            store.Location));
    }
}
