using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

public sealed class HintStoreTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    public void Dispose() => _directory.Dispose();

    private HintStore Open(NodeDatabase database) => new(database, Options.Create(new StorageOptions()), _time);

    private static VersionedValue Value(string text, long timestamp) => new(new ValueVersion(timestamp, "node1"), Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Hints_come_back_per_target_oldest_first_with_key_value_and_version()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        var hints = Open(database);
        hints.Add("node3", "a", Value("first", 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        hints.Add("node2", "x", Value("other target", 2));
        hints.Add("node3", "b", VersionedValue.Tombstone(new ValueVersion(3, "node1")));

        var forNode3 = hints.Oldest("node3", 10);

        Assert.Equal(["a", "b"], forNode3.Select(h => h.Key));
        Assert.Equal("first", Encoding.UTF8.GetString(forNode3[0].Value.Value!));
        Assert.True(forNode3[1].Value.IsTombstone);
        Assert.Equal(new ValueVersion(3, "node1"), forNode3[1].Value.Version);
        Assert.Equal(_time.GetUtcNow().AddSeconds(-1).ToUnixTimeMilliseconds(), forNode3[0].CreatedAt);
        Assert.Equal(3, hints.Pending);
        Assert.Equal([new("node2", 1), new("node3", 2)], hints.PendingByNode());
    }

    [Fact]
    public void Delivered_and_dropped_hints_are_removed_and_counted()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        var hints = Open(database);
        for (var i = 0; i < 5; i++)
        {
            hints.Add("node3", $"k{i}", Value("v", i + 1));
        }

        hints.MarkDelivered(hints.Oldest("node3", 2));
        hints.Drop(hints.Oldest("node3", 1));

        Assert.Equal(["k3", "k4"], hints.Oldest("node3", 10).Select(h => h.Key));
        Assert.Equal((2L, 2L, 1L), (hints.Pending, hints.Delivered, hints.Dropped));
    }

    [Fact]
    public void Hints_survive_reopening_the_database_with_their_counts()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var hints = Open(database);
            hints.Add("node2", "a", Value("v", 1));
            hints.Add("node3", "b", Value("v", 2));
            hints.Add("node3", "c", Value("v", 3));
        }

        using var reopened = NodeDatabase.Open(_directory.Path);
        var again = Open(reopened);

        Assert.Equal([new("node2", 1), new("node3", 2)], again.PendingByNode());
        Assert.Equal(["b", "c"], again.Oldest("node3", 10).Select(h => h.Key));
    }
}
