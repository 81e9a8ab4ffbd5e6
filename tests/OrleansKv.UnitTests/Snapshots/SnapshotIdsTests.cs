using OrleansKv.Snapshots;

namespace OrleansKv.UnitTests.Snapshots;

public sealed class SnapshotIdsTests
{
    [Fact]
    public void A_new_id_holds_the_utc_time_to_the_second_and_is_valid()
    {
        var id = SnapshotIds.New(new DateTimeOffset(2026, 12, 10, 16, 30, 12, TimeSpan.FromHours(1)), new Random(7));

        Assert.StartsWith("20261210T153012Z-", id);
        Assert.True(SnapshotIds.IsValid(id));
    }

    [Fact]
    public void Ids_sort_by_the_time_they_were_asked_for()
    {
        var earlier = SnapshotIds.New(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        var later = SnapshotIds.New(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../node1")]
    [InlineData("20261210T153012Z-a1b2c")]
    [InlineData("20261210T153012Z-A1B2C3")]
    [InlineData("20261210T153012Z-a1b2c3/")]
    [InlineData("x20261210T153012Z-a1b2c3")]
    public void Anything_but_an_id_of_that_shape_is_not_a_snapshot_id(string? id) => Assert.False(SnapshotIds.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("before-upgrade 12.1")]
    [InlineData("avant la mise à jour")]
    public void A_plain_name_or_none_is_accepted(string? name) => Assert.Null(SnapshotIds.NameError(name));

    [Theory]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'/'")]
    [InlineData("c:", "'/'")]
    [InlineData("tab\there", "control")]
    [InlineData("..", "spaces and dots")]
    [InlineData("   ", "spaces and dots")]
    public void A_name_with_path_or_control_characters_is_refused(string name, string reason) =>
        Assert.Contains(reason, SnapshotIds.NameError(name));

    [Fact]
    public void A_name_longer_than_100_characters_is_refused()
    {
        Assert.Null(SnapshotIds.NameError(new string('n', SnapshotIds.MaxNameLength)));
        Assert.Contains("at most 100", SnapshotIds.NameError(new string('n', SnapshotIds.MaxNameLength + 1)));
    }
}
