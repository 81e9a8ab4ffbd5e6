using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using OrleansKv.Api.Errors;
using OrleansKv.Consistency;

namespace OrleansKv.Api.Keys;

/// <summary>The consistency level a request names (<c>?consistency=</c> or a body field), or the endpoint's default; a name not known is a 400.</summary>
public static class QueryLevel
{
    /// <summary>The level from <c>?consistency=</c>, or <paramref name="fallback"/>; otherwise the 400 to answer.</summary>
    public static bool TryRead(HttpContext context, ConsistencyLevel fallback, out ConsistencyLevel level, [NotNullWhen(false)] out IResult? error) =>
        TryParse(context.Request.Query["consistency"].FirstOrDefault(), fallback, out level, out error);

    /// <summary><paramref name="text"/> as a level, or <paramref name="fallback"/> when it is empty; otherwise the 400 to answer.</summary>
    public static bool TryParse(string? text, ConsistencyLevel fallback, out ConsistencyLevel level, [NotNullWhen(false)] out IResult? error)
    {
        level = fallback;
        error = string.IsNullOrEmpty(text) || ConsistencyLevels.TryParse(text, out level) ? null : ApiErrors.UnknownLevel(text);
        return error is null;
    }
}
