using System.Buffers;
using System.Text;
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

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The key of a <c>/keys/{key}</c> request.</summary>
    public static string KeyOf(HttpContext context) => KeyOf(context, Prefix);

    /// <summary>
    /// The URL-decoded rest of the raw path after <paramref name="prefix"/> (e.g. "/admin/replicas/").
    /// Throws <see cref="BadHttpRequestException"/> (400) when the decoded bytes are not UTF-8.
    /// </summary>
    public static string KeyOf(HttpContext context, string prefix)
    {
        var path = WithoutDotSegments(RawPath(context));
        var start = path.IndexOf(prefix, StringComparison.Ordinal);
        return start < 0 ? "" : Decode(path[(start + prefix.Length)..]);
    }

    /// <summary>The request target as sent, without its query string.</summary>
    public static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var query = raw.IndexOf('?');
        return query >= 0 ? raw[..query] : raw;
    }

    /// <summary>
    /// Removes "." and ".." segments (percent-encoded ones too) as Kestrel does before routing, so
    /// the key comes from the path that was routed and authorised: "/keys/a/../b" names key "b",
    /// not "a/../b". Only a literal '/' separates segments: "a%2F..%2Fb" stays one key.
    /// </summary>
    private static string WithoutDotSegments(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal) && !path.Contains("%2e", StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        var segments = path.Split('/');
        var kept = new List<string>(segments.Length);
        for (var i = 1; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            switch (segments[i].Replace("%2e", ".", StringComparison.OrdinalIgnoreCase))
            {
                case ".":
                    break;
                case "..":
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(kept.Count - 1);
                    }

                    break;
                default:
                    kept.Add(segments[i]);
                    continue;
            }

            if (last)
            {
                kept.Add(""); // "/a/.." is "/", "/a/." is "/a/".
            }
        }

        return segments[0] + "/" + string.Join('/', kept);
    }

    /// <summary>
    /// Percent-decodes to bytes, which must be UTF-8. <see cref="Uri.UnescapeDataString(string)"/>
    /// would keep an invalid sequence such as "%FF" as text, so "%FF" and "%25FF" would name one key.
    /// </summary>
    private static string Decode(string encoded)
    {
        if (!encoded.Contains('%'))
        {
            return encoded;
        }

        var bytes = new ArrayBufferWriter<byte>(encoded.Length);
        var literal = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length && Uri.IsHexDigit(encoded[i + 1]) && Uri.IsHexDigit(encoded[i + 2]))
            {
                Encoding.UTF8.GetBytes(encoded.AsSpan(literal, i - literal), bytes);
                bytes.Write(Convert.FromHexString(encoded.AsSpan(i + 1, 2)));
                i += 2;
                literal = i + 1;
            }
        }

        Encoding.UTF8.GetBytes(encoded.AsSpan(literal), bytes);
        try
        {
            return StrictUtf8.GetString(bytes.WrittenSpan);
        }
        catch (DecoderFallbackException)
        {
            throw new BadHttpRequestException(
                "The key is not valid UTF-8 once percent-decoded: encode a key's text as UTF-8 (and a literal '%' as %25).");
        }
    }
}
