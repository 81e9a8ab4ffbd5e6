using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Versioning;

public sealed class ValueVersionTests
{
    [Fact]
    public void A_later_timestamp_wins_whatever_the_node()
    {
        Assert.True(new ValueVersion(2, "a").IsNewerThan(new ValueVersion(1, "z")));
        Assert.False(new ValueVersion(1, "z").IsNewerThan(new ValueVersion(2, "a")));
    }

    [Fact]
    public void Equal_timestamps_are_ordered_by_node_id()
    {
        Assert.True(new ValueVersion(5, "node2").IsNewerThan(new ValueVersion(5, "node1")));
        Assert.False(new ValueVersion(5, "node1").IsNewerThan(new ValueVersion(5, "node2")));
    }

    [Fact]
    public void A_version_is_not_newer_than_itself_but_is_newer_than_nothing()
    {
        var v = new ValueVersion(7, "node1");
        Assert.False(v.IsNewerThan(v with { }));
        Assert.True(v.IsNewerThan(null));
    }

    [Fact]
    public void The_newest_of_two_values_is_the_one_with_the_greater_version()
    {
        var old = new VersionedValue(new ValueVersion(1, "node1"), [1]);
        var tombstone = VersionedValue.Tombstone(new ValueVersion(2, "node1"));

        Assert.Same(tombstone, VersionedValue.Newest(old, tombstone));
        Assert.Same(tombstone, VersionedValue.Newest(tombstone, old));
        Assert.Same(old, VersionedValue.Newest(old, null));
        Assert.True(tombstone.IsTombstone);
    }

    [Fact]
    public void The_timestamp_splits_into_wall_clock_and_logical_counter()
    {
        var wall = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var version = new ValueVersion((wall.ToUnixTimeMilliseconds() << ValueVersion.LogicalBits) | 3, "n");

        Assert.Equal(wall, version.WallClock);
        Assert.Equal(3, version.Logical);
    }
}
