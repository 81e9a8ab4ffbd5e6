using OrleansKv.Consistency;

namespace OrleansKv.UnitTests.Consistency;

public sealed class ConsistencyLevelsTests
{
    [Theory]
    [InlineData("one", ConsistencyLevel.One)]
    [InlineData("QUORUM", ConsistencyLevel.Quorum)]
    [InlineData(" All ", ConsistencyLevel.All)]
    [InlineData("serial", ConsistencyLevel.Serial)]
    public void Level_names_parse_ignoring_case_and_spaces(string text, ConsistencyLevel expected)
    {
        Assert.True(ConsistencyLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
        Assert.Equal(text.Trim().ToLowerInvariant(), level.ToWireName());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("two")]
    [InlineData("1")]
    public void Unknown_level_names_do_not_parse(string? text)
    {
        Assert.False(ConsistencyLevels.TryParse(text, out _));
    }

    [Theory]
    [InlineData(ConsistencyLevel.One, 3, 1)]
    [InlineData(ConsistencyLevel.Quorum, 3, 2)]
    [InlineData(ConsistencyLevel.Quorum, 4, 3)]
    [InlineData(ConsistencyLevel.Quorum, 5, 3)]
    [InlineData(ConsistencyLevel.All, 5, 5)]
    [InlineData(ConsistencyLevel.Serial, 3, 2)]
    [InlineData(ConsistencyLevel.Quorum, 1, 1)]
    public void Required_replicas_follow_the_level(ConsistencyLevel level, int replicas, int required)
    {
        Assert.Equal(required, level.RequiredReplicas(replicas));
    }
}
