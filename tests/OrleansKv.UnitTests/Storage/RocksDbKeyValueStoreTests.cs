using OrleansKv.Contracts;
using System.Text;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

public sealed class RocksDbKeyValueStoreTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    private RocksDbKeyValueStore Open(int fsyncIntervalMs = StorageOptions.FsyncLeftToOs) =>
        RocksDbKeyValueStore.Open(new StorageOptions { DataDirectory = _directory.Path, FsyncIntervalMs = fsyncIntervalMs });

    private static VersionedValue Value(long timestamp, string text, string node = "node1") =>
        new(new ValueVersion(timestamp, node), Encoding.UTF8.GetBytes(text));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_written_value_is_read_back_with_its_version()
    {
        await using var store = Open();

        var held = await store.ApplyAsync("k", Value(5, "v"));

        Assert.Equal(new ValueVersion(5, "node1"), held);
        var read = store.Get("k");
        Assert.Equal("v", Encoding.UTF8.GetString(read!.Value!));
        Assert.Null(store.Get("missing"));
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task An_older_write_arriving_late_does_not_overwrite_a_newer_one(int fsyncIntervalMs)
    {
        await using var store = Open(fsyncIntervalMs);
        await store.ApplyAsync("k", Value(10, "new"));

        var held = await store.ApplyAsync("k", Value(9, "old"));

        Assert.Equal(10, held.Timestamp);
        Assert.Equal("new", Encoding.UTF8.GetString(store.Get("k")!.Value!));
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task A_tombstone_beats_an_older_value_and_counts_are_kept(int fsyncIntervalMs)
    {
        await using var store = Open(fsyncIntervalMs);
        await store.ApplyAsync("a", Value(1, "x"));
        await store.ApplyAsync("b", Value(1, "y"));

        await store.ApplyAsync("a", VersionedValue.Tombstone(new ValueVersion(2, "node1")));
        await store.ApplyAsync("a", Value(1, "resurrected?", "node9"));

        Assert.True(store.Get("a")!.IsTombstone);
        Assert.Equal(1, store.LiveKeyCount);
        Assert.Equal(1, store.TombstoneCount);
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task Concurrent_writes_to_one_key_keep_the_newest_version(int fsyncIntervalMs)
    {
        await using var store = Open(fsyncIntervalMs);
        var writes = Enumerable.Range(1, 500)
            .OrderBy(i => (i * 7919) % 500)
            .Select(i => Task.Run(() => store.ApplyAsync("hot", Value(i, $"v{i}")).AsTask()));

        await Task.WhenAll(writes);

        Assert.Equal(500, store.Get("hot")!.Version.Timestamp);
        Assert.Equal(1, store.LiveKeyCount);
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task Reopening_a_data_directory_returns_every_key_written_before_close(int fsyncIntervalMs)
    {
        var keys = Enumerable.Range(0, 2000).Select(i => $"key-{i}").ToArray();
        await using (var store = Open(fsyncIntervalMs))
        {
            await Task.WhenAll(keys.Select((k, i) => store.ApplyAsync(k, Value(i + 1, $"value-{i}")).AsTask()));
            await store.ApplyAsync(keys[0], VersionedValue.Tombstone(new ValueVersion(10_000, "node1")));
        }

        await using var reopened = Open();
        await reopened.CountedAsync;

        Assert.Equal(keys.Length - 1, reopened.LiveKeyCount);
        Assert.Equal(1, reopened.TombstoneCount);
        Assert.True(reopened.Get(keys[0])!.IsTombstone);
        for (var i = 1; i < keys.Length; i++)
        {
            Assert.Equal($"value-{i}", Encoding.UTF8.GetString(reopened.Get(keys[i])!.Value!));
        }
    }

    [Fact]
    public async Task A_scan_returns_exactly_the_keys_whose_tokens_lie_in_the_range_in_token_order()
    {
        await using var store = Open();
        var keys = Enumerable.Range(0, 1000).Select(i => $"k{i}").ToArray();
        await Task.WhenAll(keys.Select(k => store.ApplyAsync(k, Value(1, k)).AsTask()));
        var range = new TokenRange(ulong.MaxValue / 4 * 3, ulong.MaxValue / 4);

        var scanned = store.Scan(range).ToList();

        var expected = keys.Where(k => range.Contains(RingToken.Of(k))).ToHashSet();
        Assert.Equal(expected, scanned.Select(e => e.Key).ToHashSet());
        Assert.Equal(expected.Count, scanned.Count);
        Assert.All(scanned, e => Assert.Equal(RingToken.Of(e.Key), e.Token));
        var afterStart = scanned.TakeWhile(e => e.Token > range.StartExclusive).Select(e => e.Token).ToList();
        Assert.Equal(afterStart.Order(), afterStart);
        Assert.Equal(keys.Length, store.Scan(TokenRange.Full).Count());
    }

    [Fact]
    public async Task A_second_store_on_the_same_directory_is_refused_while_the_first_is_open()
    {
        await using var store = Open();

        Assert.ThrowsAny<Exception>(() => Open());
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task A_batch_keeps_the_newest_version_of_each_key_against_the_store_and_within_itself(int fsyncIntervalMs)
    {
        await using var store = Open(fsyncIntervalMs);
        await store.ApplyAsync("held", Value(50, "newer on disk"));

        var held = await store.ApplyManyAsync(
        [
            new ReplicaWrite("held", Value(10, "older")),
            new ReplicaWrite("twice", Value(20, "first")),
            new ReplicaWrite("twice", Value(30, "second")),
            new ReplicaWrite("twice", Value(25, "late")),
            new ReplicaWrite("gone", new VersionedValue(new ValueVersion(40, "node2"), null)),
        ]);

        Assert.Equal([50L, 20L, 30L, 30L, 40L], held.Select(v => v.Timestamp));
        Assert.Equal("newer on disk", System.Text.Encoding.UTF8.GetString(store.Get("held")!.Value!));
        Assert.Equal("second", System.Text.Encoding.UTF8.GetString(store.Get("twice")!.Value!));
        Assert.Equal(2, store.LiveKeyCount);
        Assert.Equal(1, store.TombstoneCount);
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task A_batch_of_one_key_written_several_times_keeps_its_newest_version(int fsyncIntervalMs)
    {
        await using var store = Open(fsyncIntervalMs);

        var held = await store.ApplyManyAsync(
        [
            new ReplicaWrite("k", Value(20, "first")),
            new ReplicaWrite("k", Value(30, "second")),
            new ReplicaWrite("k", Value(25, "late")),
        ]);

        Assert.Equal([20L, 30L, 30L], held.Select(v => v.Timestamp));
        Assert.Equal("second", Encoding.UTF8.GetString(store.Get("k")!.Value!));
        Assert.Equal((1L, 0L), (store.LiveKeyCount, store.TombstoneCount));
    }

    [Theory]
    [InlineData(StorageOptions.FsyncLeftToOs)]
    [InlineData(StorageOptions.FsyncEachWriteGroup)]
    [InlineData(5)]
    public async Task A_reopened_store_serves_before_its_entries_are_counted_and_its_counts_are_exact_once_they_are(int fsyncIntervalMs)
    {
        var keys = Enumerable.Range(0, 3000).Select(i => $"key-{i}").ToArray();
        await using (var store = Open(fsyncIntervalMs))
        {
            await store.ApplyManyAsync(keys.Select((k, i) => new ReplicaWrite(k, Value(i + 1, $"value-{i}"))).ToArray());
            await store.ApplyAsync(keys[0], VersionedValue.Tombstone(new ValueVersion(10_000, "node1")));
        }

        var countingMayStart = new TaskCompletionSource();
        await using var reopened = RocksDbKeyValueStore.Open(
            new StorageOptions { DataDirectory = _directory.Path, FsyncIntervalMs = fsyncIntervalMs }, countingMayStart.Task);

        // Served at once, before a single entry is counted: reads, and writes that change entries held since open.
        Assert.False(reopened.CountsExact);
        Assert.False(reopened.IsEmpty);
        Assert.Equal("value-5", Encoding.UTF8.GetString(reopened.Get(keys[5])!.Value!));
        await reopened.ApplyAsync(keys[1], VersionedValue.Tombstone(new ValueVersion(20_000, "node1")));  // live -> tombstone
        await reopened.ApplyAsync(keys[0], Value(20_000, "back"));                                       // tombstone -> live
        Assert.True(await reopened.RemoveIfAsync(keys[2], new ValueVersion(3, "node1")));                // live -> absent
        await reopened.ApplyManyAsync([new ReplicaWrite("new-1", Value(1, "n")), new ReplicaWrite("new-2", Value(1, "n"))]);
        Assert.Equal(0 - 1 + 1 - 1 + 2, reopened.LiveKeyCount);

        countingMayStart.SetResult();
        await reopened.CountedAsync;

        Assert.True(reopened.CountsExact);
        Assert.Equal(keys.Length - 1 - 1 + 2, reopened.LiveKeyCount);
        Assert.Equal(1, reopened.TombstoneCount);
    }

    [Fact]
    public async Task A_store_is_empty_until_it_holds_a_value_or_a_tombstone()
    {
        await using var store = Open();
        Assert.True(store.IsEmpty);

        await store.ApplyAsync("gone", VersionedValue.Tombstone(new ValueVersion(1, "node1")));

        Assert.False(store.IsEmpty);
    }

    [Fact]
    public async Task A_keys_only_listing_carries_versions_expiry_and_tombstones_but_no_value_bytes()
    {
        await using var store = Open();
        await store.ApplyAsync("list:live", Value(5, "a value the listing need not move"));
        await store.ApplyAsync("list:ttl", new VersionedValue(new ValueVersion(6, "node1"), "v"u8.ToArray(), 4_000_000_000_000));
        await store.ApplyAsync("list:gone", VersionedValue.Tombstone(new ValueVersion(7, "node1")));

        var keysOnly = store.ListKeys(0, ulong.MaxValue, null, "list:", 10, 100, withValues: false).Entries.ToDictionary(e => e.Key, e => e.Value);
        var full = store.ListKeys(0, ulong.MaxValue, null, "list:", 10, 100, withValues: true).Entries.ToDictionary(e => e.Key, e => e.Value);

        Assert.Empty(keysOnly["list:live"].Value!);
        Assert.Equal(new ValueVersion(5, "node1"), keysOnly["list:live"].Version);
        Assert.Equal(4_000_000_000_000, keysOnly["list:ttl"].ExpiresAtUnixMs);
        Assert.True(keysOnly["list:gone"].IsTombstone);
        Assert.Equal("a value the listing need not move", Encoding.UTF8.GetString(full["list:live"].Value!));
    }
}
