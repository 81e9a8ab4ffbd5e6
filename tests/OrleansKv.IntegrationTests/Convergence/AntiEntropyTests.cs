using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Jobs;
using OrleansKv.Versioning;

namespace OrleansKv.IntegrationTests.Convergence;

/// <summary>Anti-entropy between the storage grains of an in-process cluster.</summary>
public sealed class AntiEntropyTests : IAsyncLifetime
{
    private KeyValueTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await KeyValueTestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<JobProgress> RepairAsync(string node)
    {
        var repair = _cluster.Client.GetGrain<IRepairGrain>(node);
        await repair.StartAsync();
        JobProgress? status = null;
        await Poll.UntilAsync(
            async () => (status = await repair.GetStatusAsync()) is { Phase: not JobPhase.Running },
            $"the repair of {node} to finish", TimeSpan.FromSeconds(120));
        return status!;
    }

    private async Task WriteEverywhereAsync(int keys)
    {
        var stores = _cluster.NodeIds.Select(n => _cluster.Service<IKeyValueStore>(n)).ToArray();
        for (var i = 0; i < keys; i++)
        {
            var value = new VersionedValue(new ValueVersion((1_700_000_000_000L + i) << 16, "node1"), Encoding.UTF8.GetBytes($"value-{i}"));
            foreach (var store in stores)
            {
                await store.ApplyAsync($"key-{i}", value);
            }
        }
    }

    [Fact]
    public async Task A_node_that_lost_its_data_is_not_repaired_until_every_other_replica_was_compared()
    {
        // A quorum write may survive on the lost node's peer that is down now, and on no other.
        await _cluster.StopNodeAsync("node2");
        var liveness = _cluster.Service<Grains.Replica.ReplicaReadiness>("node3");
        liveness.RequireRepairAfterDataLoss(epoch: 1);

        var partial = await RepairAsync("node3");

        Assert.Equal(JobPhase.Failed, partial.Phase);
        Assert.Contains("node2", partial.Error);
        Assert.True(liveness.RepairRequired);
        Assert.True(liveness.DataLost);
    }

    [Fact]
    public async Task Identical_replicas_of_100000_keys_exchange_no_keys_and_a_few_kilobytes_of_hashes()
    {
        await WriteEverywhereAsync(100_000);

        var status = await RepairAsync("node1");

        Assert.Equal(JobPhase.Done, status.Phase);
        Assert.Null(status.Error);
        Assert.Equal(status.RangesTotal, status.RangesDone);
        Assert.Equal(0, status.KeysExchanged);
        Assert.InRange(status.BytesSent + status.BytesReceived, 1, 4096);
    }

    [Fact]
    public async Task Differences_in_both_directions_are_exchanged_key_by_key_until_all_replicas_agree()
    {
        await WriteEverywhereAsync(20_000);
        var node1 = _cluster.Service<IKeyValueStore>("node1");
        var node2 = _cluster.Service<IKeyValueStore>("node2");
        var newer = new VersionedValue(new ValueVersion(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16, "node2"), Encoding.UTF8.GetBytes("newer"));
        await node2.ApplyAsync("key-17", newer);
        await node1.ApplyAsync("only-on-node1", newer);
        await node2.ApplyAsync("key-99", VersionedValue.Tombstone(newer.Version));

        var status = await RepairAsync("node1");

        Assert.Equal(JobPhase.Done, status.Phase);
        // node2: pull key-17 and key-99, push only-on-node1; node3: push all three.
        Assert.Equal((4L, 2L), (status.KeysSent, status.KeysReceived));
        foreach (var node in _cluster.NodeIds)
        {
            var store = _cluster.Service<IKeyValueStore>(node);
            Assert.Equal(newer.Version, store.Get("key-17")?.Version);
            Assert.Equal(newer.Version, store.Get("only-on-node1")?.Version);
            Assert.True(store.Get("key-99")!.IsTombstone, $"{node} holds the delete of key-99");
        }
    }
}
