using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Execution;

/// <summary>
/// The shell's side of the value model: every stored value is one UTF-8 JSON document, written
/// compact with non-ASCII text as is (as the HTTP API stores it). A typed argument is a JSON
/// string; with --json it is the JSON it spells.
/// </summary>
public static class JsonValues
{
    private static readonly JsonWriterOptions StoredForm = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bytes to store for a put.</summary>
    public static byte[] ToStored(PutCommand put)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredForm))
        {
            if (put.IsJson)
            {
                using var document = JsonDocument.Parse(put.Value);
                document.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(put.Value);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The JSON text of stored bytes, compact, with text as is (System.Text.Json's encoders
    /// escape emoji even when relaxed, so strings are written here); null when they are not JSON.
    /// </summary>
    public static string? ToDisplay(byte[] stored)
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
            Write(text, document.RootElement);
            return text.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(StringBuilder text, JsonElement element)
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
                    WriteString(text, property.Name);
                    text.Append(':');
                    Write(text, property.Value);
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
                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            default:
                text.Append(element.GetRawText()); // numbers, true, false, null: as written
                break;
        }
    }

    /// <summary>A JSON string literal that escapes only what JSON requires: quote, backslash and control characters.</summary>
    private static void WriteString(StringBuilder text, string value)
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
