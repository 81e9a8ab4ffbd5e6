using System.Text.Json;

namespace OrleansKv.Client;

/// <summary>The stored form of a value: one UTF-8 JSON document, the same for HTTP, the shell and this client.</summary>
internal static class ValueJson
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="utf8Json"/> is exactly one JSON document.</summary>
    public static void EnsureDocument(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || !reader.TrySkip() || reader.Read())
            {
                throw new ArgumentException("The value must be exactly one JSON document.", nameof(utf8Json));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The value is not JSON: {e.Message}", nameof(utf8Json), e);
        }
    }
}
