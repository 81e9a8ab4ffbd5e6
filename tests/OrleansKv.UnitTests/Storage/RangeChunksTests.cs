using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

public sealed class RangeChunksTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly RocksDbKeyValueStore _store;

    public RangeChunksTests() => _store = RocksDbKeyValueStore.Open(new StorageOptions { DataDirectory = _directory.Path });

    public void Dispose()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(1, int.MaxValue)]
    [InlineData(37, int.MaxValue)]
    [InlineData(int.MaxValue, 500)]
    public async Task Reading_chunk_after_chunk_yields_every_entry_of_the_range_once_in_token_order(int maxEntries, int maxBytes)
    {
        var version = new ValueVersion(1L << 20, "node1");
        for (var i = 0; i < 400; i++)
        {
            await _store.ApplyAsync($"k{i}", new VersionedValue(version, i % 10 == 0 ? null : [1, 2, 3]));
        }

        var range = new TokenRange(0x4000_0000_0000_0000, 0x1000_0000_0000_0000); // wraps past the top
        var expected = _store.Scan(range).Select(e => e.Key).ToList();
        var seen = new List<string>();
        var rest = range;
        for (var chunks = 0; ; chunks++)
        {
            Assert.True(chunks < 1000, "the chunks never end");
            var chunk = RangeChunks.Read(_store, rest, maxEntries, maxBytes);
            Assert.True(chunk.Entries.Length <= Math.Max(1, maxEntries) || maxEntries == int.MaxValue);
            seen.AddRange(chunk.Entries.Select(e => e.Key));
            if (chunk.Done)
            {
                break;
            }

            rest = RangeChunks.After(rest, chunk.LastToken);
        }

        Assert.True(expected.Count > 100);
        Assert.Equal(expected, seen);
        Assert.Contains(seen, k => _store.Get(k)!.IsTombstone);
    }
}
