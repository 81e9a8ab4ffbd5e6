using Microsoft.AspNetCore.Http;
using OrleansKv.Api.Json;
using OrleansKv.Consistency;
using Orleans.Runtime;
using OrleansKv.Errors;

namespace OrleansKv.Api.Errors;

/// <summary>
/// Maps failures to JSON error responses with the right status; never an empty 500. Handlers
/// return the 4xx they decide on and throw the rest: the API's one exception middleware
/// (<see cref="ApiErrorMiddleware"/>) maps what they throw here.
/// </summary>
public static class ApiErrors
{
    public static IResult BadRequest(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status400BadRequest);

    public static IResult TooLarge(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult NotFound(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status409Conflict);

    public static IResult Unavailable(string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status503ServiceUnavailable);

    public static IResult NotFoundRoute(HttpContext context) =>
        TypedResults.Json(
            new ErrorResponse($"No endpoint {context.Request.Method} {context.Request.Path}; see /docs for the API."),
            ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status404NotFound);

    public static IResult UnknownLevel(string? given) =>
        BadRequest($"Unknown consistency level '{given}'; valid levels: {string.Join(", ", ConsistencyLevels.Names)}.");

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
        ConditionFailedException e => TypedResults.Json(
            new ConditionFailedResponse(
                e.Message, e.Key, e.Found, e.CurrentValue is { } value ? Client.StoredJson.ToJson(value) : null, e.CurrentVersion?.ToString()),
            ApiJsonContext.Api.ConditionFailedResponse,
            statusCode: StatusCodes.Status412PreconditionFailed),
        NodeUnavailableException e => Unavailable(e.Message),
        ClockFencedException e => Unavailable(e.Message),
        // A node went down while a call to it was in flight (a ring change right after a failure).
        SiloUnavailableException or OrleansMessageRejectionException => Unavailable(
            $"A node did not answer ({exception.GetType().Name}: {exception.Message}); retry once the cluster has settled."),
        RingChangeRejectedException { Reason: RingChangeRejection.UnknownNode } e => NotFound(e.Message),
        RingChangeRejectedException e => TypedResults.Json(new ErrorResponse(e.Message), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status409Conflict),
        TimeoutException e => TypedResults.Json(new ErrorResponse($"Timed out: {e.Message}"), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status504GatewayTimeout),
        OperationCanceledException => TypedResults.Json(new ErrorResponse("The request was cancelled."), ApiJsonContext.Api.ErrorResponse, statusCode: 499),
        _ => TypedResults.Json(new ErrorResponse($"Internal error: {exception.GetType().Name}: {exception.Message}"), ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status500InternalServerError),
    };
}
