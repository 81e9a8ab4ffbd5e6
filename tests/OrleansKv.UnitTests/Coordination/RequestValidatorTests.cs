using Microsoft.Extensions.Options;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Grains.Coordination;

namespace OrleansKv.UnitTests.Coordination;

public sealed class RequestValidatorTests
{
    private readonly RequestValidator _validator = new(Options.Create(new RequestLimitsOptions { MaxKeyBytes = 8, MaxValueBytes = 16 }));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_key_is_refused(string? key)
    {
        var error = Assert.Throws<InvalidRequestException>(() => _validator.ValidateKey(key));
        Assert.Equal(InvalidRequestKind.EmptyKey, error.Kind);
    }

    [Fact]
    public void A_key_longer_than_the_limit_in_utf8_bytes_is_refused()
    {
        _validator.ValidateKey("12345678");
        var error = Assert.Throws<InvalidRequestException>(() => _validator.ValidateKey("ééééé"));
        Assert.Equal(InvalidRequestKind.KeyTooLong, error.Kind);
        Assert.Contains("10 bytes", error.Message);
    }

    [Fact]
    public void A_key_that_is_not_valid_unicode_is_refused()
    {
        Assert.Throws<InvalidRequestException>(() => _validator.ValidateKey("a\ud800"));
    }

    [Fact]
    public void A_value_over_the_limit_is_refused_and_one_at_the_limit_is_accepted()
    {
        _validator.ValidateValue(new byte[16]);
        var error = Assert.Throws<InvalidRequestException>(() => _validator.ValidateValue(new byte[17]));
        Assert.Equal(InvalidRequestKind.ValueTooLarge, error.Kind);
    }

    [Fact]
    public void An_undefined_level_is_refused_naming_the_valid_ones()
    {
        var error = Assert.Throws<InvalidRequestException>(() => RequestValidator.ValidateLevel((ConsistencyLevel)9));
        Assert.Contains("one, quorum, all", error.Message);
    }
}
