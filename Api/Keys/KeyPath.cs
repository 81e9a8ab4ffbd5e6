using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansKv.Api.Keys;

/// <summary>
/// Recovers the key from the raw request target. Routing leaves "%2F" encoded and decodes the
/// rest, so a key containing '/', '?' or '%' would not round-trip through a route value.
/// </summary>
public static class KeyPath
{
    public const string Prefix = "/keys/";

    /// <summary>The key of a <c>/keys/{key}</c> request.</summary>
    public static string KeyOf(HttpContext context) => KeyOf(context, Prefix);

    /// <summary>The URL-decoded rest of the raw path after <paramref name="prefix"/> (e.g. "/admin/replicas/").</summary>
    public static string KeyOf(HttpContext context, string prefix)
    {
        var path = RawPath(context);
        var start = path.IndexOf(prefix, StringComparison.Ordinal);
        return start < 0 ? "" : Uri.UnescapeDataString(path[(start + prefix.Length)..]);
    }

    /// <summary>The request target as sent, without its query string.</summary>
    public static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var query = raw.IndexOf('?');
        return query >= 0 ? raw[..query] : raw;
    }
}
