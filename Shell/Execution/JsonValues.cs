using System.Buffers;
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

    /// <summary>The JSON text of stored bytes, compact and unescaped; null when they are not JSON.</summary>
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

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, StoredForm))
            {
                document.RootElement.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
