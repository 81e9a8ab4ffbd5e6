using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansKv.Client;

/// <summary>
/// The stored form of a value, the one value model of every entry point: one UTF-8 JSON document,
/// written compact with non-ASCII text as is. The HTTP API stores the JSON that was PUT and
/// returns it as it was (a string stays a string, an object an object), the shell stores a typed
/// argument as a JSON string (with --json, as the JSON it spells) and shows values as JSON text,
/// and <see cref="KeyValueClient"/> stores what System.Text.Json writes.
/// </summary>
/// <remarks>
/// Bytes that are not one JSON document can only come from a hand-made grain call: the HTTP API
/// reads them as a JSON string (<see cref="ToJson"/>), the shell shows them as text or bytes.
/// </remarks>
public static class StoredJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonWriterOptions StoredForm = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bytes to store for <paramref name="value"/>, any JSON value.</summary>
    public static byte[] ToStored(JsonElement value) => Write(value, static (writer, element) => element.WriteTo(writer));

    /// <summary>The bytes to store for a string value: the JSON string that holds <paramref name="text"/>.</summary>
    public static byte[] ToStoredString(string text) => Write(text, static (writer, value) => writer.WriteStringValue(value));

    /// <summary>
    /// The JSON value of stored bytes (its first document). Bytes that are not JSON read as a
    /// JSON string: their text when they are UTF-8, their base64 otherwise.
    /// </summary>
    public static JsonElement ToJson(byte[] stored)
    {
        try
        {
            var reader = new Utf8JsonReader(stored);
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(stored);
            }
            catch (DecoderFallbackException)
            {
                text = Convert.ToBase64String(stored);
            }

            var reader = new Utf8JsonReader(ToStoredString(text));
            return JsonElement.ParseValue(ref reader);
        }
    }

    /// <summary>
    /// The JSON text of stored bytes, compact, with text as is (System.Text.Json's encoders
    /// escape emoji even when relaxed, so strings are written here); null unless they are
    /// exactly one JSON document.
    /// </summary>
    public static string? ToJsonText(byte[] stored)
    {
        try
        {
            var reader = new Utf8JsonReader(stored);
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                return null; // More than one document: not a value any entry point writes.
            }

            var text = new StringBuilder();
            WriteText(text, document.RootElement);
            return text.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

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

    // The value travels as state, so the PUT path boxes no JsonElement and allocates no closure.
    private static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredForm))
        {
            write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteText(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var firstProperty = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!firstProperty) text.Append(',');
                    firstProperty = false;
                    WriteTextString(text, property.Name);
                    text.Append(':');
                    WriteText(text, property.Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem) text.Append(',');
                    firstItem = false;
                    WriteText(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteTextString(text, element.GetString()!);
                break;
            default:
                text.Append(element.GetRawText()); // numbers, true, false, null: as written
                break;
        }
    }

    /// <summary>A JSON string literal that escapes only what JSON requires: quote, backslash and control characters.</summary>
    private static void WriteTextString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }
}
