using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Grains.Coordination;
using OrleansKv.Results;

namespace OrleansKv.Api.Keys;

/// <summary>
/// PUT, GET and DELETE of <c>/keys/{key}</c>, coordinated by this node (in process, no grain hop),
/// and the listing at <c>/keys</c>. Answers carry the version as <c>ETag</c>; a PUT or DELETE with
/// a condition (<see cref="WriteConditions"/>) runs at serial.
/// </summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/keys").WithTags("Keys");
        keys.MapGet("", KeyListingEndpoint.ListAsync).WithSummary("List keys by prefix, a page at a time (?prefix=&limit=&cursor=&consistency=&values=true)");
        keys.MapPut("/{**key}", PutAsync).WithSummary("Store a JSON value under a key");
        keys.MapGet("/{**key}", GetAsync).WithSummary("Read a key's value");
        keys.MapDelete("/{**key}", DeleteAsync).WithSummary("Delete a key (writes a versioned tombstone)");
        return routes;
    }

    private static async Task<IResult> PutAsync(
        HttpContext context, RequestCoordinator coordinator, IOptions<RequestLimitsOptions> limits, CancellationToken cancellationToken)
    {
        var key = KeyPath.KeyOf(context);
        var bodyLimit = PutBody.MaxBodyBytes(limits.Value.MaxValueBytes);
        if (context.Request.ContentLength is { } length && length > bodyLimit)
        {
            await OversizedBody.DrainAsync(context, length, limits.Value.MaxDrainedBodyBytes, cancellationToken);
            return ApiErrors.TooLarge($"The request body is {length} bytes; values are limited to {limits.Value.MaxValueBytes} bytes.");
        }

        var (body, error) = await PutBody.ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return ApiErrors.BadRequest(error!);
        }

        var (condition, conditionError) = WriteConditions.Read(context.Request, body.IfVersion, body.IfAbsent);
        if (conditionError is not null)
        {
            return ApiErrors.BadRequest(conditionError);
        }

        // A condition is decided at serial, so that is its default; the coordinator refuses
        // a condition at another level, and serial without a condition, with a 400.
        var levelText = body.Consistency ?? context.Request.Query["consistency"].FirstOrDefault();
        if (!QueryLevel.TryParse(levelText, condition is null ? ConsistencyLevel.Quorum : ConsistencyLevel.Serial, out var level, out var levelError))
        {
            return levelError;
        }

        var ttlText = context.Request.Query["ttl"].FirstOrDefault();
        if (!TimeToLive.TryParseQuery(ttlText, out var queryTtl))
        {
            return ApiErrors.BadRequest(TimeToLive.InvalidQueryMessage(ttlText));
        }

        var ttl = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : queryTtl;
        var bytes = body.StoredValue;
        if (bytes.Length > limits.Value.MaxValueBytes)
        {
            return ApiErrors.TooLarge($"The value is {bytes.Length} bytes of JSON; the limit is {limits.Value.MaxValueBytes}.");
        }

        var result = condition is null
            ? await coordinator.PutAsync(key, bytes, level, ttl)
            : await coordinator.PutIfAsync(key, bytes, condition, level, ttl);
        context.Response.Headers.ETag = WriteConditions.ETagOf(result.Version);
        return TypedResults.Json(
            new PutResponse(
                key, body.Value, level.ToWireName(), result.AcknowledgedBy.Length, result.AttemptedReplicas,
                result.Replicas.Length, result.CoordinatorNode, Errors(result.Failures), result.Version.ToString(), result.AcknowledgedBy,
                ttl is { } t ? result.Version.WallClock.Add(t) : null),
            ApiJsonContext.Api.PutResponse);
    }

    private static async Task<IResult> GetAsync(HttpContext context, RequestCoordinator coordinator)
    {
        var key = KeyPath.KeyOf(context);
        if (!QueryLevel.TryRead(context, ConsistencyLevel.One, out var level, out var levelError))
        {
            return levelError;
        }

        var result = await coordinator.GetAsync(key, level);
        if (result.Value is null)
        {
            return TypedResults.Json(
                new NotFoundResponse($"Key '{key}' not found", key, level.ToWireName(), result.CoordinatorNode, result.Version?.ToString()),
                ApiJsonContext.Api.NotFoundResponse,
                statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers.ETag = WriteConditions.ETagOf(result.Version!);
        return TypedResults.Json(
            new GetResponse(
                key, StoredJson.ToJson(result.Value), level.ToWireName(), result.CoordinatorNode, result.Version?.ToString(),
                level == ConsistencyLevel.One ? result.SourceNodes[0] : null,
                level == ConsistencyLevel.One ? null : result.SourceNodes,
                result.ExpiresAt),
            ApiJsonContext.Api.GetResponse);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, RequestCoordinator coordinator, CancellationToken cancellationToken)
    {
        var key = KeyPath.KeyOf(context);
        var (body, bodyError) = await DeleteBody.ReadAsync(context.Request, cancellationToken);
        if (bodyError is not null)
        {
            return ApiErrors.BadRequest(bodyError);
        }

        var (condition, conditionError) = WriteConditions.Read(context.Request, body.IfVersion, body.IfAbsent);
        if (conditionError is not null)
        {
            return ApiErrors.BadRequest(conditionError);
        }

        if (!QueryLevel.TryRead(context, condition is null ? ConsistencyLevel.Quorum : ConsistencyLevel.Serial, out var level, out var levelError))
        {
            return levelError;
        }

        var result = condition is null
            ? await coordinator.DeleteAsync(key, level)
            : await coordinator.DeleteIfAsync(key, condition, level);
        context.Response.Headers.ETag = WriteConditions.ETagOf(result.Version);
        return TypedResults.Json(
            new DeleteResponse(
                $"Key {key} deleted", key, level.ToWireName(), result.AcknowledgedBy.Length, result.AttemptedReplicas,
                result.Replicas.Length, result.CoordinatorNode, Errors(result.Failures), result.Version.ToString()),
            ApiJsonContext.Api.DeleteResponse);
    }

    private static string[]? Errors(ReplicaFailure[] failures) =>
        failures.Length == 0 ? null : failures.Select(f => f.ToString()).ToArray();
}
