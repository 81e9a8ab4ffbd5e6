using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

/// <summary>
/// The store's cache of recently written versions never disagrees with what the store holds:
/// every other way a key can change (a batch, a streamed chunk, a conditional remove) leaves
/// the inline write path comparing against the real version.
/// </summary>
public sealed class VersionCacheTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly TestDirectory _sourceDirectory = new();

    public void Dispose()
    {
        _directory.Dispose();
        _sourceDirectory.Dispose();
    }

    private static RocksDbKeyValueStore Open(string path, int cacheEntries = 65_536) =>
        RocksDbKeyValueStore.Open(new StorageOptions { DataDirectory = path, VersionCacheEntries = cacheEntries });

    private static VersionedValue Value(long timestamp, string text) => new(new ValueVersion(timestamp, "node1"), Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_write_after_a_newer_version_came_in_a_batch_loses_to_it()
    {
        await using var store = Open(_directory.Path);
        await store.ApplyAsync("k", Value(10, "cached"));
        await store.ApplyManyAsync([new ReplicaWrite("k", Value(30, "from a batch"))]);

        var held = await store.ApplyAsync("k", Value(20, "older than the batch"));

        Assert.Equal(30, held.Timestamp);
        Assert.Equal("from a batch", Encoding.UTF8.GetString(store.Get("k")!.Value!));
    }

    [Fact]
    public async Task A_write_after_a_newer_version_came_in_a_streamed_chunk_loses_to_it()
    {
        await using var store = Open(_directory.Path);
        await using var source = Open(_sourceDirectory.Path);
        await store.ApplyAsync("k", Value(10, "cached"));
        await source.ApplyAsync("k", Value(30, "streamed"));
        await store.ApplyChunkAsync(source.ReadChunk(TokenRange.Full, 100, 1 << 20));

        var held = await store.ApplyAsync("k", Value(20, "older than the chunk"));

        Assert.Equal(30, held.Timestamp);
        Assert.Equal("streamed", Encoding.UTF8.GetString(store.Get("k")!.Value!));
    }

    [Fact]
    public async Task After_a_conditional_remove_an_older_write_is_stored_again_as_on_an_absent_key()
    {
        await using var store = Open(_directory.Path);
        await store.ApplyAsync("k", new VersionedValue(new ValueVersion(30, "node1"), null));

        Assert.True(await store.RemoveIfAsync("k", new ValueVersion(30, "node1")));
        var held = await store.ApplyAsync("k", Value(20, "after the purge"));

        Assert.Equal(20, held.Timestamp);
        Assert.Equal("after the purge", Encoding.UTF8.GetString(store.Get("k")!.Value!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(65_536)]
    public async Task With_any_cache_size_concurrent_writes_keep_the_newest_version_and_exact_counts(int cacheEntries)
    {
        await using var store = Open(_directory.Path, cacheEntries);
        var keys = Enumerable.Range(0, 3000).Select(i => $"key{i}").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(1, 12_000), async (i, _) =>
        {
            var timestamp = Random.Shared.Next(1, 1000);
            await store.ApplyAsync(keys[i % keys.Length], Value(timestamp, $"{timestamp}"));
        });
        foreach (var key in keys)
        {
            // Writing version 0 never wins: the answer is the newest version that did.
            var held = await store.ApplyAsync(key, Value(0, "never"));
            Assert.Equal(held.Timestamp.ToString(), Encoding.UTF8.GetString(store.Get(key)!.Value!));
        }

        Assert.Equal(keys.Length, store.LiveKeyCount);
    }
}
