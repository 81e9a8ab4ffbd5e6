using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using OrleansKv.Client;

namespace OrleansKv.Api.Keys;

/// <summary>
/// The body of a PUT: <c>{"value": any JSON, "consistency": "one|quorum|all|serial", "ttl_seconds": N,
/// "if_version": "V", "if_absent": true}</c> (all but value optional), with the value in its
/// stored form (<see cref="StoredJson"/>).
/// </summary>
public sealed record PutBody(JsonElement Value, byte[] StoredValue, string? Consistency, double? TtlSeconds, string? IfVersion = null, bool IfAbsent = false)
{
    /// <summary>
    /// The largest body worth reading for a value limit: JSON may carry white space and escapes
    /// that the stored form drops, so the exact check is on the re-serialised value.
    /// </summary>
    public static long MaxBodyBytes(int maxValueBytes) => 2L * maxValueBytes + 64 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Parses the body, or returns the message that explains why it cannot be used.</summary>
    public static async Task<(PutBody? Body, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Read whole (Kestrel bounds its size) to check it is UTF-8 first: the parser does not look
        // inside strings, and writing the value back would turn invalid bytes into U+FFFD.
        using var buffer = new MemoryStream(request.ContentLength is { } length and < int.MaxValue ? (int)length : 0);
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            // Kestrel reports some broken framing (a chunk size that overflows) as a bare IOException;
            // its BadHttpRequestExceptions (408, 413, 400) carry their own status and go up as they are.
            return (null, $"The request body could not be read: {ex.Message}");
        }

        var utf8 = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (utf8.Span.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        if (!Utf8.IsValid(utf8.Span))
        {
            return (null, "The body is not valid UTF-8; JSON text must be UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            return (null, $"Malformed JSON body: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // The parser accepts "\ud800" (an escaped surrogate without its pair), but such a string
                // is not Unicode text: it can be neither read as a string nor written as UTF-8.
                return (null, "The body escapes a lone surrogate (\\uD800-\\uDFFF outside a pair): JSON strings must be Unicode text.");
            }
        }
    }

    private static (PutBody? Body, string? Error) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object like {\"value\": ..., \"consistency\": \"quorum\"}.");
        }

        if (!root.TryGetProperty("value", out var value))
        {
            return (null, "The body has no \"value\" field.");
        }

        string? consistency = null;
        if (root.TryGetProperty("consistency", out var level))
        {
            if (level.ValueKind != JsonValueKind.String)
            {
                return (null, "\"consistency\" must be a string: one, quorum or all.");
            }

            consistency = level.GetString();
        }

        double? ttlSeconds = null;
        if (root.TryGetProperty("ttl_seconds", out var ttl) && ttl.ValueKind != JsonValueKind.Null)
        {
            if (ttl.ValueKind != JsonValueKind.Number || !ttl.TryGetDouble(out var seconds) || !TimeToLive.IsValidSeconds(seconds))
            {
                return (null, $"\"ttl_seconds\" must be a positive number of seconds (at most {TimeToLive.MaxSeconds}).");
            }

            ttlSeconds = seconds;
        }

        var (ifVersion, ifAbsent, conditionError) = ReadCondition(root);
        if (conditionError is not null)
        {
            return (null, conditionError);
        }

        return (new PutBody(value.Clone(), StoredJson.ToStored(value), consistency, ttlSeconds, ifVersion, ifAbsent), null);
    }

    /// <summary>The body's <c>if_version</c> (a string) and <c>if_absent</c> (a boolean), or why they cannot be used.</summary>
    public static (string? IfVersion, bool IfAbsent, string? Error) ReadCondition(JsonElement root)
    {
        string? ifVersion = null;
        if (root.TryGetProperty("if_version", out var version) && version.ValueKind != JsonValueKind.Null)
        {
            if (version.ValueKind != JsonValueKind.String)
            {
                return (null, false, "\"if_version\" must be a string: a version as GET answers it (\"<timestamp>@<node>\").");
            }

            ifVersion = version.GetString();
        }

        var ifAbsent = false;
        if (root.TryGetProperty("if_absent", out var absent) && absent.ValueKind != JsonValueKind.Null)
        {
            if (absent.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, false, "\"if_absent\" must be true or false.");
            }

            ifAbsent = absent.GetBoolean();
        }

        return (ifVersion, ifAbsent, null);
    }
}
