using OrleansKv.Grains.Storage;
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
