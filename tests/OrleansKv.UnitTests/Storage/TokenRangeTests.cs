using OrleansKv.Ring;

namespace OrleansKv.UnitTests.Storage;

public sealed class TokenRangeTests
{
    [Fact]
    public void A_plain_range_excludes_its_start_and_includes_its_end()
    {
        var range = new TokenRange(10, 20);

        Assert.False(range.Contains(10));
        Assert.True(range.Contains(11));
        Assert.True(range.Contains(20));
        Assert.False(range.Contains(21));
    }

    [Fact]
    public void A_wrapping_range_covers_both_ends_of_the_token_space()
    {
        var range = new TokenRange(ulong.MaxValue - 5, 5);

        Assert.True(range.Contains(ulong.MaxValue));
        Assert.True(range.Contains(0));
        Assert.True(range.Contains(5));
        Assert.False(range.Contains(6));
        Assert.False(range.Contains(ulong.MaxValue - 5));
    }

    [Fact]
    public void The_full_range_contains_every_token()
    {
        Assert.True(TokenRange.Full.Contains(0));
        Assert.True(TokenRange.Full.Contains(ulong.MaxValue));
        Assert.True(TokenRange.Full.Contains(12345));
    }
}

public sealed class TokenRangeSplitTests
{
    [Theory]
    [InlineData(10UL, 1000UL, 16)]
    [InlineData(ulong.MaxValue - 500, 700UL, 7)]
    [InlineData(0UL, 0UL, 16)]
    [InlineData(5UL, 5UL, 3)]
    public void Parts_are_consecutive_cover_the_arc_and_agree_with_PartOf(ulong start, ulong end, int parts)
    {
        var range = new TokenRange(start, end);
        var split = range.Split(parts);

        Assert.Equal(parts, split.Length);
        Assert.Equal(range.StartExclusive, split[0].StartExclusive);
        Assert.Equal(range.EndInclusive, split[^1].EndInclusive);
        for (var i = 1; i < parts; i++)
        {
            Assert.Equal(split[i - 1].EndInclusive, split[i].StartExclusive);
        }

        Assert.Equal(range.Length, split.Aggregate(UInt128.Zero, (sum, part) => sum + part.Length));
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var token = (ulong)random.NextInt64(long.MinValue, long.MaxValue);
            if (!range.Contains(token))
            {
                continue;
            }

            var part = range.PartOf(token, parts);
            Assert.True(split[part].Contains(token), $"token {token:x16} placed in part {part} {split[part]}");
        }

        foreach (var part in split)
        {
            Assert.Equal(Array.IndexOf(split, part), range.PartOf(part.EndInclusive, parts));
        }
    }

    [Fact]
    public void An_arc_shorter_than_the_number_of_parts_is_not_split()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenRange(10, 12).Split(3));
    }
}
