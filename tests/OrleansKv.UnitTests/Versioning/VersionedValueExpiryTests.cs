using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Versioning;

public sealed class VersionedValueExpiryTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    [Fact]
    public void A_value_is_live_until_the_millisecond_it_expires_and_expired_from_then_on()
    {
        var value = new VersionedValue(new ValueVersion(1, "n"), [1], Expiry.ToUnixTimeMilliseconds());

        Assert.True(value.IsLiveAt(Expiry.AddMilliseconds(-1)));
        Assert.False(value.IsExpiredAt(Expiry.AddMilliseconds(-1)));
        Assert.True(value.IsExpiredAt(Expiry));
        Assert.False(value.IsLiveAt(Expiry));
        Assert.Equal(Expiry, value.ExpiresAt);
    }

    [Fact]
    public void A_value_without_a_time_to_live_never_expires_and_a_tombstone_is_never_live()
    {
        var forever = new VersionedValue(new ValueVersion(1, "n"), [1]);
        var tombstone = VersionedValue.Tombstone(new ValueVersion(2, "n"));

        Assert.True(forever.IsLiveAt(DateTimeOffset.MaxValue));
        Assert.False(tombstone.IsLiveAt(DateTimeOffset.MinValue));
        Assert.False(tombstone.IsExpiredAt(DateTimeOffset.MaxValue));
    }
}
