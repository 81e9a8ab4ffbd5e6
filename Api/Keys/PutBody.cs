using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansKv.Api.Keys;

/// <summary>
/// The body of a PUT: <c>{"value": any JSON, "consistency": "one|quorum|all", "ttl_seconds": N}</c>
/// (consistency and ttl_seconds optional).
/// </summary>
public sealed record PutBody(JsonElement Value, string? Consistency, double? TtlSeconds)
{
    /// <summary>
    /// The largest body worth reading for a value limit: JSON may carry white space and escapes
    /// that the stored form drops, so the exact check is on the re-serialised value.
    /// </summary>
    public static long MaxBodyBytes(int maxValueBytes) => 2L * maxValueBytes + 64 * 1024;

    /// <summary>Parses the body, or returns the message that explains why it cannot be used.</summary>
    public static async Task<(PutBody? Body, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"Malformed JSON body: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
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

            return (new PutBody(value.Clone(), consistency, ttlSeconds), null);
        }
    }
}
