using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Hardening;

/// <summary>What a node may answer to a generated request.</summary>
public enum Expected
{
    /// <summary>A valid request: 2xx (or a 3xx redirect).</summary>
    Success,

    /// <summary>An invalid one: 4xx with a JSON body that has an "error" field.</summary>
    ClientError,

    /// <summary>Either of the above (the test does not model which).</summary>
    Either,
}

/// <summary>
/// One generated HTTP request, as raw bytes on its own connection, and what the node may answer.
/// </summary>
/// <param name="Kind">What the generator meant to throw, for the report.</param>
/// <param name="Node">Which node (1-3) it goes to.</param>
/// <param name="Target">The request target exactly as sent (Latin-1: each char one byte).</param>
/// <param name="Headers">Raw header lines besides Host, Content-Length and Connection.</param>
/// <param name="ContentLength">The Content-Length announced (may differ from the body: truncated bodies); null for none.</param>
/// <param name="KestrelMayReject">The framing or target is malformed enough that Kestrel may refuse it itself, before the API runs (see <see cref="HttpFuzzTests"/>).</param>
/// <param name="AnswerOptional">The connection may end without an answer: the client cut it.</param>
/// <param name="ExpectedKey">For a valid PUT: the key the answer must name.</param>
/// <param name="Copies">Sent this many times at once, each on its own connection (many connections at once).</param>
public sealed record HttpFuzzCase(
    string Kind,
    int Node,
    string Method,
    string Target,
    IReadOnlyList<string> Headers,
    byte[] Body,
    long? ContentLength,
    Expected Expected,
    string Version = "HTTP/1.1",
    RawHttp.Delivery? Delivery = null,
    bool KestrelMayReject = false,
    bool AnswerOptional = false,
    string? ExpectedKey = null,
    int Copies = 1)
{
    public RawHttp.Delivery How => Delivery ?? RawHttp.Delivery.Whole;

    public TimeSpan Timeout => ContentLength > Body.Length
        // Kestrel gives up on a body that stopped coming after its 5 s grace (MinRequestBodyDataRate),
        // checked on a 1 s heartbeat: the 408 comes at 5-7 s, later on a loaded machine.
        ? TimeSpan.FromSeconds(15)
        : TimeSpan.FromSeconds(10);

    /// <summary>A PUT with a JSON body and the matching Content-Length.</summary>
    public static HttpFuzzCase Put(string kind, int node, string target, string body, Expected expected, params string[] headers) =>
        new(kind, node, "PUT", target, headers, Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetByteCount(body), expected);

    /// <summary>A request without a body.</summary>
    public static HttpFuzzCase Bodiless(string kind, int node, string method, string target, Expected expected) =>
        new(kind, node, method, target, [], [], null, expected);

    public byte[] ToBytes()
    {
        var head = new StringBuilder($"{Method} {Target} {Version}\r\nHost: 127.0.0.1\r\n");
        foreach (var header in Headers)
        {
            head.Append(header).Append("\r\n");
        }

        if (ContentLength is { } length)
        {
            head.Append("Content-Length: ").Append(length).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. Body];
    }

    public override string ToString()
    {
        var body = Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300)));
        var headers = string.Join(" | ", Headers.Select(h => h.Length > 120 ? $"{h[..120]}… ({h.Length} chars)" : h));
        return $"[{Kind}] node{Node}: {Method} {Shorten(Target)} {Version}" +
               $"{(headers.Length > 0 ? $"\n  headers: {(headers.Length > 600 ? headers[..600] + "…" : headers)} ({Headers.Count})" : "")}" +
               $"\n  body: {Body.Length} bytes{(ContentLength is { } l ? $", Content-Length {l}" : "")}: {EscapeControls(body)}{(Body.Length > 300 ? "…" : "")}" +
               $"\n  delivery: {How}; expected: {Expected}{(KestrelMayReject ? ", Kestrel may reject" : "")}" +
               $"{(AnswerOptional ? ", answer optional" : "")}{(Copies > 1 ? $"; {Copies} copies at once" : "")}";
    }

    private static string Shorten(string text) => text.Length > 300 ? $"{EscapeControls(text[..300])}… ({text.Length} chars)" : EscapeControls(text);

    private static string EscapeControls(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
