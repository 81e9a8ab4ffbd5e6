using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Replica;

/// <summary>The lost-data rule of <see cref="ReplicaReadiness"/>, and what <see cref="LocalReplica"/> does under it.</summary>
public sealed class ReplicaReadinessTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T00:00:00Z"));

    public void Dispose() => _directory.Dispose();

    private ReplicaReadiness Open(NodeDatabase database) =>
        new(new NodeMetadataStore(database), Options.Create(new TombstoneOptions()), _time, "node1", NullLogger<ReplicaReadiness>.Instance);

    private static VersionedValue Value(long timestamp) => new(new ValueVersion(timestamp << ValueVersion.LogicalBits, "node2"), [1, 2, 3]);

    [Fact]
    public void A_new_data_directory_serves_nothing_and_stays_undecided_across_a_crash_until_the_ring_has_been_asked()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var opened = Open(database);
            Assert.True(opened.OpenedEmpty);
            Assert.True(opened.RepairRequired);
            Assert.Throws<ReplicaNotReadyException>(opened.EnsureServing);
            Assert.Throws<ReplicaNotReadyException>(opened.EnsureCountsForWrites);
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var reopened = Open(database);
            Assert.True(reopened.OpenedEmpty);
            reopened.ConfirmNewNode();
            Assert.False(reopened.OpenedEmpty);
            reopened.EnsureServing();
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var again = Open(database);
            Assert.False(again.OpenedEmpty);
            Assert.False(again.RepairRequired);
        }
    }

    [Fact]
    public async Task An_owner_that_lost_its_data_keeps_writes_but_counts_toward_none_and_serves_no_reads_until_repaired_even_after_a_restart()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var liveness = Open(database);
            liveness.RequireRepairAfterDataLoss(epoch: 7);
            await using var store = new RocksDbKeyValueStore(database, new StorageOptions());
            var replica = new LocalReplica(store, liveness);

            var refused = await Assert.ThrowsAsync<ReplicaNotReadyException>(async () => await replica.ApplyAsync("k", Value(100)));
            Assert.Contains("stored the write but does not count", refused.Message);
            Assert.Contains("ring epoch 7", refused.Message);
            Assert.NotNull(store.Get("k"));
            await Assert.ThrowsAsync<ReplicaNotReadyException>(async () => await replica.ReadAsync("k"));
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var restarted = Open(database);
            Assert.True(restarted.RepairRequired);
            Assert.False(restarted.OpenedEmpty);
            await using var store = new RocksDbKeyValueStore(database, new StorageOptions());
            var replica = new LocalReplica(store, restarted);
            await Assert.ThrowsAsync<ReplicaNotReadyException>(async () => await replica.ApplyBatchAsync([new ReplicaWrite("b", Value(200))]));
            Assert.NotNull(store.Get("b"));

            restarted.RepairCompleted();
            Assert.Equal(Value(300).Version, await replica.ApplyAsync("k", Value(300)));
            Assert.NotNull(await replica.ReadAsync("k"));
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            Assert.False(Open(database).RepairRequired);
        }
    }

    [Fact]
    public void A_node_away_longer_than_the_grace_period_still_counts_toward_writes()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            Open(database).ConfirmNewNode();
        }

        _time.Advance(new TombstoneOptions().GcGrace + TimeSpan.FromHours(1));
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var back = Open(database);
            Assert.True(back.RepairRequired);
            Assert.False(back.DataLost);
            back.EnsureCountsForWrites();
        }
    }
}
