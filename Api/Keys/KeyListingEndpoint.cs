using Microsoft.AspNetCore.Http;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Grains.Coordination;

namespace OrleansKv.Api.Keys;

/// <summary>
/// <c>GET /keys?prefix=P&amp;limit=N&amp;cursor=C&amp;consistency=L&amp;values=true</c>: one page of the
/// cluster's live keys in listing order, with the cursor of the next page (<see cref="KeyLister"/>).
/// </summary>
public static class KeyListingEndpoint
{
    private const int DefaultLimit = 1000;

    public static async Task<IResult> ListAsync(HttpContext context, KeyLister lister)
    {
        var query = context.Request.Query;
        if (!QueryLevel.TryRead(context, ConsistencyLevel.Quorum, out var level, out var levelError))
        {
            return levelError;
        }

        var limitText = query["limit"].FirstOrDefault();
        var limit = DefaultLimit;
        if (!string.IsNullOrEmpty(limitText) && !int.TryParse(limitText, out limit))
        {
            return ApiErrors.BadRequest($"The limit must be a whole number from 1 to {KeyLister.MaxLimit}; got '{limitText}'.");
        }

        var valuesText = query["values"].FirstOrDefault();
        var withValues = false;
        if (!string.IsNullOrEmpty(valuesText) && !bool.TryParse(valuesText, out withValues))
        {
            return ApiErrors.BadRequest($"values must be true or false; got '{valuesText}'.");
        }

        var page = await lister.ListAsync(query["prefix"].FirstOrDefault() ?? "", limit, query["cursor"].FirstOrDefault(), level, withValues);
        return withValues
            ? TypedResults.Json(
                new KeyValueListResponse(
                    page.Keys.Select(k => new ListedKeyResponse(k.Key, StoredJson.ToJson(k.Value), k.Version.ToString(), k.ExpiresAt)).ToArray(),
                    page.NextCursor),
                ApiJsonContext.Api.KeyValueListResponse)
            : TypedResults.Json(new KeyListResponse(page.Keys.Select(k => k.Key).ToArray(), page.NextCursor), ApiJsonContext.Api.KeyListResponse);
    }
}
