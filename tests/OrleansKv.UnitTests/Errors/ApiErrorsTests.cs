using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;

namespace OrleansKv.UnitTests.Errors;

public sealed class ApiErrorsTests
{
    private static (int? Status, string Message) Map(Exception exception) =>
        ApiErrors.FromException(exception) switch
        {
            JsonHttpResult<ErrorResponse> json => (json.StatusCode, json.Value!.Error),
            var other => ((other as IStatusCodeHttpResult)?.StatusCode, other.ToString()!),
        };

    [Fact]
    public void A_node_lost_while_a_call_to_it_was_in_flight_is_a_503_that_says_to_retry()
    {
        var (status, message) = Map(new SiloUnavailableException("The target silo became unavailable"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Contains("did not answer", message);
        Assert.Contains("retry", message);
    }

    [Fact]
    public void An_error_no_rule_maps_is_a_500_that_names_it()
    {
        var (status, message) = Map(new InvalidOperationException("surprise"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.Contains("InvalidOperationException: surprise", message);
    }
}
