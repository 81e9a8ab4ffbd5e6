using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Errors;
using OrleansKv.Grains.Convergence;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Convergence;

public sealed class TombstoneCollectorTests : IDisposable
{
    private static readonly TimeSpan GcGrace = TimeSpan.FromDays(10);
    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T00:00:00Z"));

    public void Dispose() => _directory.Dispose();

    private IOptions<TombstoneOptions> Options => Microsoft.Extensions.Options.Options.Create(new TombstoneOptions { GcGrace = GcGrace });

    private ValueVersion At(DateTimeOffset when) => new(when.ToUnixTimeMilliseconds() << ValueVersion.LogicalBits, "node1");

    [Fact]
    public async Task Only_tombstones_older_than_the_grace_period_are_purged()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        await using var store = new RocksDbKeyValueStore(database, new StorageOptions());
        var liveness = new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance);
        liveness.ConfirmNewNode();
        var collector = new TombstoneCollector(store, liveness, Options, _time, NullLogger<TombstoneCollector>.Instance);
        var old = _time.GetUtcNow() - GcGrace - TimeSpan.FromMinutes(1);
        await store.ApplyAsync("old-delete", VersionedValue.Tombstone(At(old)));
        await store.ApplyAsync("recent-delete", VersionedValue.Tombstone(At(_time.GetUtcNow() - TimeSpan.FromDays(1))));
        await store.ApplyAsync("old-value", new VersionedValue(At(old), Encoding.UTF8.GetBytes("kept")));

        var purged = await collector.PurgeAsync();

        Assert.Equal(1, purged);
        Assert.Null(store.Get("old-delete"));
        Assert.NotNull(store.Get("recent-delete"));
        Assert.NotNull(store.Get("old-value"));
        Assert.Equal((1L, 1L), (store.LiveKeyCount, store.TombstoneCount));
    }

    [Fact]
    public async Task Values_whose_time_to_live_ran_out_longer_than_the_grace_period_ago_are_purged_like_tombstones()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        await using var store = new RocksDbKeyValueStore(database, new StorageOptions());
        var liveness = new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance);
        liveness.ConfirmNewNode();
        var collector = new TombstoneCollector(store, liveness, Options, _time, NullLogger<TombstoneCollector>.Instance);
        var written = At(_time.GetUtcNow() - GcGrace - TimeSpan.FromDays(2));
        var longExpired = (_time.GetUtcNow() - GcGrace - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds();
        var justExpired = (_time.GetUtcNow() - TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds();
        await store.ApplyAsync("expired-long-ago", new VersionedValue(written, [1], longExpired));
        await store.ApplyAsync("expired-recently", new VersionedValue(written, [1], justExpired));
        await store.ApplyAsync("never-expires", new VersionedValue(written, [1]));

        Assert.Equal(1, await collector.PurgeAsync());
        Assert.Null(store.Get("expired-long-ago"));
        Assert.NotNull(store.Get("expired-recently"));
        Assert.NotNull(store.Get("never-expires"));
    }

    [Fact]
    public async Task A_node_that_must_be_repaired_purges_nothing_until_it_is()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance).ConfirmNewNode();
        }

        _time.Advance(GcGrace * 2);
        using var reopened = NodeDatabase.Open(_directory.Path);
        await using var store = new RocksDbKeyValueStore(reopened, new StorageOptions());
        var liveness = new ReplicaReadiness(new NodeMetadataStore(reopened), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance);
        var collector = new TombstoneCollector(store, liveness, Options, _time, NullLogger<TombstoneCollector>.Instance);
        await store.ApplyAsync("old-delete", VersionedValue.Tombstone(At(_time.GetUtcNow() - GcGrace - TimeSpan.FromDays(1))));

        Assert.Equal(0, await collector.PurgeAsync());
        liveness.RepairCompleted();
        Assert.Equal(1, await collector.PurgeAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Removing_an_entry_only_removes_the_exact_version_it_was_asked_to(bool syncWrites)
    {
        using var database = NodeDatabase.Open(_directory.Path);
        await using var store = new RocksDbKeyValueStore(database, new StorageOptions { FsyncIntervalMs = syncWrites ? StorageOptions.FsyncEachWriteGroup : StorageOptions.FsyncLeftToOs });
        var tombstone = VersionedValue.Tombstone(new ValueVersion(10, "node1"));
        await store.ApplyAsync("k", tombstone);
        await store.ApplyAsync("k", new VersionedValue(new ValueVersion(20, "node2"), [1]));

        Assert.False(await store.RemoveIfAsync("k", tombstone.Version));
        Assert.NotNull(store.Get("k"));
        Assert.True(await store.RemoveIfAsync("k", new ValueVersion(20, "node2")));
        Assert.Null(store.Get("k"));
        Assert.Equal((0L, 0L), (store.LiveKeyCount, store.TombstoneCount));
    }

    [Fact]
    public void A_node_away_longer_than_the_grace_period_refuses_reads_until_repaired_and_a_restart_does_not_clear_that()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var first = new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance);
            first.ConfirmNewNode();
            Assert.False(first.RepairRequired);
        }

        _time.Advance(GcGrace + TimeSpan.FromHours(1));
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var back = new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance);
            Assert.True(back.RepairRequired);
            Assert.Throws<ReplicaNotReadyException>(back.EnsureServing);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var again = new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance);
            Assert.True(again.RepairRequired);
            again.RepairCompleted();
            again.EnsureServing();
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            Assert.False(new ReplicaReadiness(new NodeMetadataStore(database), Options, _time, "node1", NullLogger<ReplicaReadiness>.Instance).RepairRequired);
        }
    }
}
