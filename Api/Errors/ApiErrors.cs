using Microsoft.AspNetCore.Http;
using OrleansKv.Api.Json;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.Api.Errors;

/// <summary>Maps failures to JSON error responses with the right status; never an empty 500.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status400BadRequest);

    public static IResult TooLarge(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult NotFound(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status404NotFound);

    public static IResult Unavailable(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status503ServiceUnavailable);

    public static IResult NotFoundRoute(HttpContext context) =>
        TypedResults.Json(
            new ErrorResponse($"No endpoint {context.Request.Method} {context.Request.Path}; see /docs for the API."),
            ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status404NotFound);

    public static IResult UnknownLevel(string? given) =>
        BadRequest($"Unknown consistency level '{given}'; valid levels: {string.Join(", ", ConsistencyLevels.Names)}.");

    /// <summary>Runs a handler and turns any exception into the matching JSON error.</summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception ex)
        {
            return FromException(ex);
        }
    }

    public static IResult FromException(Exception exception) => exception switch
    {
        InvalidRequestException { Kind: InvalidRequestKind.ValueTooLarge } e => TooLarge(e.Message),
        InvalidRequestException e => BadRequest(e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge("The request body is larger than the server accepts."),
        BadHttpRequestException e => TypedResults.Json(new ErrorResponse(e.Message), ApiJsonContext.Api.ErrorResponse, statusCode: e.StatusCode),
        ConsistencyNotMetException e => TypedResults.Json(
            new ConsistencyErrorResponse(
                e.Message, e.Key, e.Level.ToWireName(), e.RequiredReplicas, e.AcknowledgedBy.Length,
                e.AttemptedReplicas, e.TotalReplicas, e.Failures.Select(f => f.ToString()).ToArray(), e.MayHaveBeenApplied),
            ApiJsonContext.Api.ConsistencyErrorResponse,
            statusCode: StatusCodes.Status503ServiceUnavailable),
        NodeUnavailableException e => Unavailable(e.Message),
        RingChangeRejectedException { Reason: RingChangeRejection.UnknownNode } e => NotFound(e.Message),
        RingChangeRejectedException e => TypedResults.Json(new ErrorResponse(e.Message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status409Conflict),
        TimeoutException e => TypedResults.Json(new ErrorResponse($"Timed out: {e.Message}"), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status504GatewayTimeout),
        OperationCanceledException => TypedResults.Json(new ErrorResponse("The request was cancelled."), ApiJsonContext.Api.ErrorResponse, statusCode: 499),
        _ => TypedResults.Json(new ErrorResponse($"Internal error: {exception.GetType().Name}: {exception.Message}"), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status500InternalServerError),
    };
}
