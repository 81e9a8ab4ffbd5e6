using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OrleansKv.Contracts;
using OrleansKv.Versioning;

namespace OrleansKv.Api.Keys;

/// <summary>
/// The condition of a PUT or DELETE, from <c>If-Match: "&lt;version&gt;"</c> or
/// <c>If-None-Match: *</c>, or from the body's <c>if_version</c> and <c>if_absent</c> for clients
/// that cannot set headers. At most one condition per request.
/// </summary>
public static class WriteConditions
{
    /// <summary>The request's condition (null: none), or the 400 message that says what is wrong with it.</summary>
    public static (WriteCondition? Condition, string? Error) Read(HttpRequest request, string? bodyIfVersion, bool bodyIfAbsent)
    {
        var ifMatch = request.Headers[HeaderNames.IfMatch].ToString();
        var ifNoneMatch = request.Headers[HeaderNames.IfNoneMatch].ToString();
        var given = new List<WriteCondition>(2);
        if (ifMatch.Length > 0)
        {
            if (!ValueVersion.TryParse(Unquote(ifMatch), out var version))
            {
                return (null, $"If-Match must be one version in quotes, as GET answers it in ETag (\"<timestamp>@<node>\"); got {ifMatch}.");
            }

            given.Add(WriteCondition.Version(version));
        }

        if (ifNoneMatch.Length > 0)
        {
            if (ifNoneMatch.Trim() != "*")
            {
                return (null, $"If-None-Match takes only * (write only if the key is absent); got {ifNoneMatch}.");
            }

            given.Add(WriteCondition.Absent);
        }

        if (bodyIfVersion is not null)
        {
            if (!ValueVersion.TryParse(bodyIfVersion, out var version))
            {
                return (null, $"\"if_version\" must be a version as GET answers it (\"<timestamp>@<node>\"); got \"{bodyIfVersion}\".");
            }

            given.Add(WriteCondition.Version(version));
        }

        if (bodyIfAbsent)
        {
            given.Add(WriteCondition.Absent);
        }

        return given.Count switch
        {
            0 => (null, null),
            1 => (given[0], null),
            _ => (null, "Give one condition: If-Match / if_version (the key holds that version) or If-None-Match: * / if_absent (the key is absent), not both."),
        };
    }

    /// <summary>The ETag of a version: the version in quotes, as If-Match takes it back.</summary>
    public static string ETagOf(ValueVersion version) => $"\"{version}\"";

    private static string Unquote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }
}
