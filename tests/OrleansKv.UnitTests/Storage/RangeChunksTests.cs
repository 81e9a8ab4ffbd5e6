using OrleansKv.Grains.Storage;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

public sealed class RangeChunksTests : IDisposable
{
    private readonly TestDirectory _sourceDirectory = new();
    private readonly TestDirectory _targetDirectory = new();

    public void Dispose()
    {
        _sourceDirectory.Dispose();
        _targetDirectory.Dispose();
    }

    private static VersionedValue Value(long timestamp, int i) => new(new ValueVersion(timestamp, "node1"), i % 10 == 0 ? null : [1, 2, (byte)i]);

    [Theory]
    [InlineData(1, int.MaxValue, false)]
    [InlineData(37, int.MaxValue, false)]
    [InlineData(int.MaxValue, 500, false)]
    [InlineData(37, int.MaxValue, true)]
    public async Task Chunk_after_chunk_moves_every_entry_of_a_wrapping_range_once_and_keeps_newer_versions_on_the_receiver(
        int maxEntries, int maxBytes, bool syncWrites)
    {
        await using var source = RocksDbKeyValueStore.Open(new StorageOptions { DataDirectory = _sourceDirectory.Path });
        await using var target = RocksDbKeyValueStore.Open(new StorageOptions { DataDirectory = _targetDirectory.Path, FsyncIntervalMs = syncWrites ? StorageOptions.FsyncEachWriteGroup : StorageOptions.FsyncLeftToOs });
        for (var i = 0; i < 400; i++)
        {
            await source.ApplyAsync($"k{i}", Value(100, i));
        }

        var range = new TokenRange(0x4000_0000_0000_0000, 0x1000_0000_0000_0000); // wraps past the top
        var expected = source.Scan(range).ToList();
        var newerOnTarget = expected.First(e => !e.Value.IsTombstone).Key;
        await target.ApplyAsync(newerOnTarget, Value(200, 1));

        var rest = range;
        var chunks = 0;
        while (true)
        {
            Assert.True(++chunks < 1000, "the chunks never end");
            var chunk = source.ReadChunk(rest, maxEntries, maxBytes);
            await target.ApplyChunkAsync(chunk);
            if (chunk.Done)
            {
                break;
            }

            rest = RangeChunks.After(rest, chunk.LastToken);
        }

        Assert.True(expected.Count > 100);
        Assert.True(maxEntries == int.MaxValue && maxBytes == int.MaxValue || chunks > 2);
        Assert.Equal(expected.Select(e => e.Key), target.Scan(range).Select(e => e.Key));
        Assert.All(target.Scan(range), e => Assert.Equal(e.Key == newerOnTarget ? 200 : 100, e.Value.Version.Timestamp));
        Assert.Equal(expected.Count(e => e.Value.IsTombstone), target.TombstoneCount);
        Assert.Equal(expected.Count(e => !e.Value.IsTombstone), target.LiveKeyCount);
        Assert.Equal(source.Get(expected[7].Key)!.Value, target.Get(expected[7].Key)!.Value);
    }
}
