using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKv.Consistency;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Hardening;

/// <summary>
/// Generators of hostile HTTP requests for <see cref="HttpFuzzTests"/>. Every key a request may
/// write or delete starts with <see cref="KeyPrefix"/>, and no generator ever names another key
/// (dot segments included), so the seeded keys cannot be touched.
/// </summary>
public static class HttpFuzzGen
{
    public const string KeyPrefix = "fz-";

    /// <summary>The default value limit (Limits:MaxValueBytes) and the body limit derived from it.</summary>
    private const int MaxValueBytes = 1024 * 1024;
    private const int MaxBodyBytes = 2 * MaxValueBytes + 64 * 1024;
    private const int MaxKeyBytes = 1024;

    private static readonly Gen<int> Node = Gen.Int[1, 3];

    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO", "PROPFIND", "get"];

    /// <summary>Every route the node serves and the methods it answers on; the last ones serve none.</summary>
    private static readonly (string Target, string[] Methods)[] Routes =
    [
        ("/keys/fz-route", ["GET", "PUT", "DELETE"]),
        ("/admin/status", ["GET"]), ("/admin/nodes", ["GET"]), ("/admin/ring", ["GET"]),
        ("/admin/membership", ["GET"]), ("/admin/requests", ["GET"]), ("/admin/replicas/fz-route", ["GET"]),
        ("/admin/replicas/fz-route?values=true", ["GET"]),
        // Unknown nodes: the right method is a 404, never a repair or a ring change.
        ("/admin/repair?node=node9", ["GET", "POST"]), ("/admin/nodes/node9/decommission", ["POST"]), ("/admin/nodes/node9", ["DELETE"]),
        ("/health/live", ["GET"]), ("/health/ready", ["GET"]), ("/metrics", ["GET"]), ("/", ["GET"]),
        ("/console/console.js", ["GET"]), ("/console/nope.exe", ["GET"]), ("/openapi/v1.json", ["GET"]), ("/docs", ["GET"]),
        ("/docs/index.html", ["GET"]), ("/admin/export?prefix=fz-", ["GET"]), ("/admin/import", ["POST"]),
        // An unknown snapshot: the right method is a 404, never a deletion.
        ("/admin/snapshots/20261210T153012Z-a1b2c3", ["DELETE"]),
        // "/keys" and "/keys/" list keys on GET; any other method on them names no key.
        ("/keys", ["GET"]), ("/keys/", ["GET"]), ("/keys?limit=0", []), ("/nope", []), ("/favicon.ico", []), ("/admin", []),
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz", "application/json; charset=utf-16", "image/png", ";;;", "application/", "*/*",
    ];

    /// <summary>Any hostile request, weighted so that a few hundred cover every kind.</summary>
    public static Gen<HttpFuzzCase> Any { get; } = Gen.Frequency(
        (12, ValidPut()),
        (8, InvalidJson()),
        (4, DeepNesting()),
        (3, OddJson()),
        (3, HugeBody()),
        (3, HugeHeaders()),
        (8, OddKey()),
        (3, LongKey()),
        (6, Traversal()),
        (6, UnknownLevel()),
        (10, AnyMethodOnAnyRoute()),
        (4, SlowBody()),
        (3, CutBody()),
        (1, TruncatedBody()),
        (2, ManyConnections()),
        (5, MalformedFraming()),
        (3, RawBytesInTarget()));

    /// <summary>A valid PUT: any key (percent-encoded), any JSON value, any level, any Content-Type.</summary>
    public static Gen<HttpFuzzCase> ValidPut() =>
        from node in Node
        from key in KeyText(6, 40)
        from value in AnyJson
        from level in Gen.OneOf<string?>(null, "one", "quorum", "all", "ALL", " quorum ")
        from inQuery in Gen.Bool
        from contentType in Gen.OneOf(ContentTypes)
        let fullKey = KeyPrefix + "v-" + key
        let body = new JsonObject { ["value"] = value?.DeepClone(), ["consistency"] = inQuery || level is null ? null : level }
        let target = Keys(fullKey) + (inQuery && level is not null ? "?consistency=" + Uri.EscapeDataString(level) : "")
        let json = WithoutNullLevel(body)
        select HttpFuzzCase.Put("valid put", node, target, json, Expected.Success, $"Content-Type: {contentType}") with { ExpectedKey = fullKey };

    private static Gen<HttpFuzzCase> InvalidJson() =>
        from node in Node
        from body in Gen.OneOf(
            Gen.OneOf(
                "", " ", "{", "}", "[", "{\"value\":", "{\"value\": 1,}", "{'value': 1}", "{\"value\": NaN}", "{\"value\": Infinity}",
                "// c\n{\"value\":1}", "{\"value\":1}{\"value\":2}", "{\"value\":1} x", "null", "42", "\"text\"", "[1,2]", "{}",
                "{\"valu\": 1}", "{\"value\": 1, \"consistency\": 3}", "{\"value\": 1, \"consistency\": null}",
                "{\"value\": 1, \"ttl_seconds\": -1}", "{\"value\": 1, \"ttl_seconds\": \"5\"}", "{\"value\": 1, \"ttl_seconds\": 1e400}",
                "{\"value\": 1, \"ttl_seconds\": 0}", "{\"value\": tru}", "{\"value\": \"unterminated}", "\u0000", "{\"value\": 01}",
                "{\"value\": \"\\x41\"}", "{\"value\": \"\\ud800\"", "{\"value\": [1,]}"),
            from text in Gen.String[0, 200] select "#" + text,
            from prefix in Gen.Int[0, 30] select """{"value": {"a": [1, 2, "three"]}}"""[..prefix])
        select HttpFuzzCase.Put("invalid json", node, Keys(KeyPrefix + "bad"), body, Expected.ClientError);

    /// <summary>Nesting over System.Text.Json's 64 levels, up to 100,000.</summary>
    private static Gen<HttpFuzzCase> DeepNesting() =>
        from node in Node
        from depth in Gen.OneOf(Gen.Int[64, 200], Gen.Int[9_990, 10_010], Gen.Int[50_000, 100_000])
        from shape in Gen.Int[0, 3]
        let body = shape switch
        {
            0 => "{\"value\":" + new string('[', depth) + new string(']', depth) + "}",
            1 => "{\"value\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}",
            2 => new string('[', depth),
            _ => "{\"value\":" + new string('[', depth),
        }
        select HttpFuzzCase.Put($"nesting {depth}", node, Keys(KeyPrefix + "deep"), body, Expected.ClientError);

    /// <summary>JSON the node may store or refuse: escaped NUL and lone surrogates, huge numbers, duplicate fields, deep but legal nesting.</summary>
    private static Gen<HttpFuzzCase> OddJson() =>
        from node in Node
        from body in Gen.OneOf(
            "{\"value\": \"\\u0000\"}", "{\"value\": \"\\ud800\"}", "{\"value\": \"\\udc00\\ud800\"}", "{\"value\": 1e400}",
            "{\"value\": -0}", "{\"value\": 123456789012345678901234567890}", "{\"value\": 1, \"value\": 2}",
            "{\"value\": {\"a\": 1, \"a\": 2}}", "\ufeff{\"value\": \"bom\"}", "{\"value\": \"" + new string('\\', 2000) + "\"}",
            "{\"value\":" + new string('[', 62) + new string(']', 62) + "}", "{\"value\": 1, \"extra\": {\"deep\": [[[[]]]]}}",
            "{\"value\": 1, \"consistency\": \"one\", \"consistency\": \"bogus\"}", "{\"value\": 1, \"consistency\": \"\"}")
        select HttpFuzzCase.Put("odd json", node, Keys(KeyPrefix + "odd"), body, Expected.Either);

    /// <summary>Bodies over the limit: announced (drained, then 413), chunked (Kestrel stops at the limit), or a value just over 1 MiB.</summary>
    private static Gen<HttpFuzzCase> HugeBody() =>
        from node in Node
        from size in Gen.Int[MaxBodyBytes + 1, 4 * 1024 * 1024]
        from shape in Gen.Int[0, 2]
        select shape switch
        {
            0 => HttpFuzzCase.Put("huge body", node, Keys(KeyPrefix + "huge"), StringValue(size), Expected.ClientError),
            1 => new HttpFuzzCase(
                "huge chunked body", node, "PUT", Keys(KeyPrefix + "huge"), ["Transfer-Encoding: chunked"], Chunked(StringValue(size)), null,
                Expected.ClientError),
            // The stored value is the body less 10 bytes: {"value":"…"} without its braces and name.
            _ => HttpFuzzCase.Put("value over the limit", node, Keys(KeyPrefix + "huge"), StringValue(MaxValueBytes + 11 + size % 1000), Expected.ClientError),
        };

    /// <summary>Headers over Kestrel's 32 KiB, or more than its 100 headers.</summary>
    private static Gen<HttpFuzzCase> HugeHeaders() =>
        from node in Node
        from size in Gen.Int[33 * 1024, 128 * 1024]
        from count in Gen.Int[101, 400]
        from shape in Gen.Int[0, 2]
        let headers = shape switch
        {
            0 => new[] { "X-Fuzz: " + new string('a', size) },
            1 => new[] { "Cookie: " + string.Concat(Enumerable.Range(0, size / 8).Select(i => $"c{i % 1000:000}=1; ")) },
            _ => Enumerable.Range(0, count).Select(i => $"X-Fuzz-{i}: {i}").ToArray(),
        }
        select new HttpFuzzCase(
            "huge headers", node, "GET", "/health/live", headers, [], null, Expected.ClientError, KestrelMayReject: true);

    /// <summary>Keys of percent-encoded bytes: control characters, invalid UTF-8 (overlong, surrogates, stray continuation bytes), NUL.</summary>
    private static Gen<HttpFuzzCase> OddKey() =>
        from node in Node
        from parts in Gen.OneOf(
            Gen.Byte.Select(b => new[] { b }),
            Gen.Byte[0x01, 0x1f].Select(b => new[] { b }),
            Gen.OneOf(new byte[] { 0x7f }, [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xff, 0xfe], [0xe2, 0x82], [0x00]),
            Gen.OneOf("é", "日本", "🎉", "a b", "%", "?", "#", "/", "\\", "+").Select(s => Encoding.UTF8.GetBytes(s))).Array[1, 8]
        from method in Gen.OneOf("GET", "PUT", "DELETE")
        // PUTs and deletes of one short key could race between concurrent cases: each method has its own keys.
        let bytes = Encoding.UTF8.GetBytes(KeyPrefix + "k-" + method + "-").Concat(parts.SelectMany(p => p)).ToArray()
        let valid = IsUtf8(bytes) && !bytes.Contains((byte)0)
        let target = Keys(bytes)
        select (method == "PUT"
            ? HttpFuzzCase.Put("odd key", node, target, """{"value": "odd"}""", valid ? Expected.Success : Expected.ClientError)
            : HttpFuzzCase.Bodiless("odd key", node, method, target, valid ? Expected.Either : Expected.ClientError))
            with { KestrelMayReject = bytes.Contains((byte)0), ExpectedKey = valid && method == "PUT" ? Encoding.UTF8.GetString(bytes) : null };

    /// <summary>Keys around the 1024-byte limit, and far over it (over 8 KiB the request line is Kestrel's to refuse).</summary>
    private static Gen<HttpFuzzCase> LongKey() =>
        from node in Node
        from length in Gen.OneOf(Gen.Int[MaxKeyBytes - 8, MaxKeyBytes + 8], Gen.Int[2_000, 20_000])
        from wide in Gen.Bool
        let key = KeyPrefix + (wide ? string.Concat(Enumerable.Repeat("é", length / 2)) : new string('k', length))
        let bytes = Encoding.UTF8.GetByteCount(key)
        let target = Keys(key)
        select HttpFuzzCase.Put("long key", node, target, """{"value": 1}""", bytes <= MaxKeyBytes ? Expected.Success : Expected.ClientError)
            with { KestrelMayReject = target.Length > 8_000, ExpectedKey = bytes <= MaxKeyBytes ? key : null };

    /// <summary>Dot segments, raw and encoded, and encoded slashes and backslashes, on any route.</summary>
    private static Gen<HttpFuzzCase> Traversal() =>
        from node in Node
        from segments in Gen.OneOf(
            "..", ".", "%2e%2e", "%2E.", ".%2e", "%2e", "fz-a", "fz-b", "keys", "admin", "status", "health", "ready", "..%2f", "..%2F..",
            "%2f", "%5c..%5c", "", "etc", "passwd", "fz-%2F..%2Fadmin").Array[1, 6]
        from start in Gen.OneOf("/keys/", "/admin/replicas/", "/", "/keys/fz-x/", "/health/")
        from method in Gen.OneOf("GET", "GET", "DELETE", "PUT")
        let target = start + string.Join('/', segments)
        select method == "PUT"
            ? HttpFuzzCase.Put("traversal", node, target, """{"value": "traversal"}""", Expected.Either)
            : HttpFuzzCase.Bodiless("traversal", node, method, target, Expected.Either);

    /// <summary>Levels and TTLs that are not one of the valid ones, in the query or the body.</summary>
    private static Gen<HttpFuzzCase> UnknownLevel() =>
        from node in Node
        from level in Gen.OneOf(
            Gen.OneOf("two", "most", "1", "0", "ONE ", "qu0rum", "al", "alll", "null", "", "\u0000", "one,all", "one;all", "any", "ΑLL", "ınfinity"),
            Gen.Char['\u0001', '\ud7ff'].Array[0, 20].Select(c => new string(c)))
        from ttl in Gen.OneOf<string?>(null, "-1", "0", "abc", "1e400", "NaN", "Infinity", "3600", "999999999999", "0x10", " 5")
        from method in Gen.OneOf("GET", "DELETE", "PUT", "PUT")
        from inBody in Gen.Bool
        // An empty level is no level: the default applies.
        let levelValid = level.Length == 0 || ConsistencyLevels.TryParse(level, out _)
        let ttlValid = ttl is null || method != "PUT" || IsValidTtl(ttl)
        let query = (inBody && method == "PUT" ? "" : "&consistency=" + Uri.EscapeDataString(level)) + (ttl is null ? "" : "&ttl=" + Uri.EscapeDataString(ttl))
        let target = Keys(KeyPrefix + "level") + (query.Length > 0 ? "?" + query[1..] : "")
        let expected = levelValid && ttlValid ? Expected.Either : Expected.ClientError
        select method == "PUT"
            ? HttpFuzzCase.Put("unknown level", node, target, inBody ? JsonSerializer.Serialize(new { value = 1, consistency = level }) : """{"value": 1}""", expected)
            : HttpFuzzCase.Bodiless("unknown level", node, method, target, expected);

    /// <summary>Every method on every route: a method a route does not serve is a 404 with a JSON error.</summary>
    private static Gen<HttpFuzzCase> AnyMethodOnAnyRoute() =>
        from node in Node
        from route in Gen.OneOf(Routes)
        from method in Gen.OneOf(Methods)
        from withBody in Gen.Bool
        let served = route.Methods.Contains(method, StringComparer.OrdinalIgnoreCase)
        // HEAD's answer has no body by definition: only its status is checked.
        let expected = method == "HEAD" || served ? Expected.Either : Expected.ClientError
        select withBody
            ? new HttpFuzzCase("method x route", node, method, route.Target, [], "{\"value\": \"m\"}"u8.ToArray(), 14, expected)
            : HttpFuzzCase.Bodiless("method x route", node, method, route.Target, expected);

    /// <summary>A valid PUT sent a few bytes at a time (its headers too, sometimes).</summary>
    private static Gen<HttpFuzzCase> SlowBody() =>
        from put in ValidPut()
        from chunk in Gen.Int[1, 4]
        from pauseMs in Gen.Int[2, 15]
        from headersToo in Gen.Int[0, 3]
        let head = put.ToBytes().Length - put.Body.Length
        let start = headersToo == 0 ? 0 : head
        // Keep each under ~2 s: the point is a slow client, not a long test.
        where (put.ToBytes().Length - start) / chunk * pauseMs < 2_000
        select put with { Kind = "slow body", Delivery = new RawHttp.TrickleDelivery(start, chunk, TimeSpan.FromMilliseconds(pauseMs)) };

    /// <summary>A PUT whose client stops midway and closes (or resets) the connection: no answer to read.</summary>
    private static Gen<HttpFuzzCase> CutBody() =>
        from put in ValidPut()
        from share in Gen.Double[0, 1]
        from abortive in Gen.Bool
        let sent = (int)(put.ToBytes().Length * share)
        select put with { Kind = "cut body", Delivery = new RawHttp.CloseMidwayDelivery(sent, abortive), AnswerOptional = true };

    /// <summary>A Content-Length larger than the body sent, the connection kept open: Kestrel's body timeout answers 408.</summary>
    private static Gen<HttpFuzzCase> TruncatedBody() =>
        from put in ValidPut()
        from missing in Gen.Int[1, 1000]
        select put with { Kind = "truncated body", ContentLength = put.Body.Length + missing, Expected = Expected.ClientError, ExpectedKey = null };

    /// <summary>The same request on 20-150 connections at once.</summary>
    private static Gen<HttpFuzzCase> ManyConnections() =>
        from copies in Gen.Int[20, 150]
        from request in Gen.OneOf(
            ValidPut(),
            Node.Select(n => HttpFuzzCase.Bodiless("burst", n, "GET", Keys(KeyPrefix + "burst") + "?consistency=all", Expected.Either)),
            Node.Select(n => HttpFuzzCase.Bodiless("burst", n, "GET", "/admin/status", Expected.Success)),
            Node.Select(n => HttpFuzzCase.Bodiless("burst", n, "GET", "/health/ready", Expected.Success)))
        select request with { Kind = $"{request.Kind}, {copies} connections", Copies = copies };

    /// <summary>Requests whose HTTP framing is broken: Kestrel refuses most itself.</summary>
    private static Gen<HttpFuzzCase> MalformedFraming() =>
        from node in Node
        from broken in Gen.OneOf(
            Framing("version 2.0", version: "HTTP/2.0"), Framing("version 1.2", version: "HTTP/1.2"), Framing("version 3", version: "HTTP/3"),
            Framing("lower-case version", version: "http/1.1"), Framing("version 0.9", version: ""), Framing("junk version", version: "HTTX/1.1"),
            Framing("header without colon", headers: ["NoColon"]), Framing("space before colon", headers: ["X-A : b"]),
            Framing("folded header", headers: ["X-A: a", " folded"]), Framing("second Host", headers: ["Host: other"]),
            Framing("control byte in header", headers: ["X-A: a\u0001b"]), Framing("DEL in header name", headers: ["X\u007fA: b"]),
            Framing("two Content-Lengths", headers: ["Content-Length: 1", "Content-Length: 2"], body: "{}"),
            Framing("negative Content-Length", headers: ["Content-Length: -1"]),
            Framing("Content-Length not a number", headers: ["Content-Length: 1x"], body: "{}"),
            Framing("Content-Length overflow", headers: ["Content-Length: 99999999999999999999999"]),
            Framing("unknown coding", headers: ["Transfer-Encoding: gzip"], body: "{}"),
            Framing("coding and length", headers: ["Transfer-Encoding: chunked", "Content-Length: 5"], body: "0\r\n\r\n"),
            Framing("bad chunk size", headers: ["Transfer-Encoding: chunked"], body: "zz\r\n{}\r\n0\r\n\r\n"),
            Framing("huge chunk size", headers: ["Transfer-Encoding: chunked"], body: "ffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
            Framing("chunk without CRLF", headers: ["Transfer-Encoding: chunked"], body: "2\r\n{}XX0\r\n\r\n"),
            Framing("absolute-form target", target: "http://127.0.0.1/keys/fz-abs"),
            Framing("asterisk target", target: "*", method: "OPTIONS"), Framing("authority target", target: "127.0.0.1:80", method: "CONNECT"),
            Framing("empty target", target: ""), Framing("target without slash", target: "keys/fz-x"),
            Framing("tab in request line", target: "/keys/fz-x\t"), Framing("empty method", method: ""),
            Framing("method with slash", method: "GE/T"), Framing("Expect 100-continue", headers: ["Expect: 100-continue", "Content-Length: 12"], body: "{\"value\": 1}"),
            Framing("odd Expect", headers: ["Expect: teapot", "Content-Length: 12"], body: "{\"value\": 1}"))
        select broken with { Node = node };

    /// <summary>Bytes no URL may hold, raw in the target: control characters, NUL, spaces, 8-bit bytes.</summary>
    private static Gen<HttpFuzzCase> RawBytesInTarget() =>
        from node in Node
        from raw in Gen.Char[(char)0, (char)255].Array[1, 6]
        from method in Gen.OneOf("GET", "DELETE")
        select HttpFuzzCase.Bodiless("raw bytes in target", node, method, Keys(KeyPrefix + "raw") + new string(raw), Expected.Either)
            with { KestrelMayReject = true };

    private static HttpFuzzCase Framing(string kind, string method = "PUT", string? target = null, string version = "HTTP/1.1", string[]? headers = null, string body = "") =>
        new($"framing: {kind}", 1, method, target ?? Keys(KeyPrefix + "framing"), headers ?? [], Encoding.Latin1.GetBytes(body), null, Expected.Either,
            Version: version, KestrelMayReject: true);

    /// <summary>Text for keys: ASCII, accents, CJK, emoji (surrogate pairs), control characters, URL-special characters.</summary>
    private static Gen<string> KeyText(int min, int max) =>
        Gen.OneOf(
            Gen.Char['a', 'z'].Select(c => c.ToString()),
            Gen.Char['0', '9'].Select(c => c.ToString()),
            Gen.Char['\u00a0', '\u07ff'].Select(c => c.ToString()),
            Gen.Char['\u3040', '\u9fff'].Select(c => c.ToString()),
            Gen.Int[0x1f300, 0x1faff].Select(char.ConvertFromUtf32),
            Gen.Char['\u0001', '\u001f'].Select(c => c.ToString()),
            Gen.OneOf("/", "?", "#", "%", "&", "=", "+", " ", ".", "..", "\\", "\"", "'", "\u007f", "\ufffd", "\ufeff"))
        .Array[min, max].Select(string.Concat);

    /// <summary>Any JSON value a few levels deep: strings of any valid text, numbers, booleans, null, arrays, objects.</summary>
    private static readonly Gen<JsonNode?> AnyJson = Gen.Recursive<JsonNode?>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Gen.Const((JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
            KeyText(0, 30).Select(s => (JsonNode?)JsonValue.Create(s)));
        return depth >= 4
            ? scalar
            : Gen.Frequency(
                (4, scalar),
                (1, self.Array[0, 5].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
                (1, Gen.Select(KeyText(0, 8), self).Array[0, 5].Select(fields =>
                {
                    var obj = new JsonObject();
                    foreach (var (name, value) in fields)
                    {
                        obj[name] = value?.DeepClone();
                    }

                    return (JsonNode?)obj;
                })));
    });

    private static string WithoutNullLevel(JsonObject body)
    {
        if (body["consistency"] is null)
        {
            body.Remove("consistency");
        }

        return body.ToJsonString();
    }

    private static string StringValue(int bodyBytes) => "{\"value\":\"" + new string('x', Math.Max(0, bodyBytes - 12)) + "\"}";

    private static byte[] Chunked(string body)
    {
        var text = new StringBuilder();
        for (var i = 0; i < body.Length; i += 64 * 1024)
        {
            var chunk = body.Substring(i, Math.Min(64 * 1024, body.Length - i));
            text.Append($"{chunk.Length:x}\r\n{chunk}\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("0\r\n\r\n").ToString());
    }

    /// <summary>"/keys/" and the key, every byte outside the unreserved set percent-encoded.</summary>
    public static string Keys(string key) => Keys(Encoding.UTF8.GetBytes(key));

    private static string Keys(byte[] key) =>
        "/keys/" + string.Concat(key.Select(b => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}"));

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>As the node reads <c>?ttl=</c>: a positive number of seconds, at most ten years.</summary>
    private static bool IsValidTtl(string ttl) =>
        double.TryParse(ttl, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and <= 10 * 365.25 * 24 * 3600;
}
