using System.Text;
using System.Text.Json;

namespace OrleansKv.Api.Json;

/// <summary>
/// How HTTP values map to stored bytes. Every stored value is one UTF-8 JSON document, the form
/// the shell and the embedded client share: the HTTP API stores the value's JSON, compact and
/// with non-ASCII text as is, so a GET returns exactly the JSON that was PUT (a string stays a
/// string, an object an object). Bytes that are not JSON (only a hand-made grain call can store
/// them) come back as a JSON string when they are UTF-8 text, and as base64 otherwise.
/// </summary>
public static class StoredJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static readonly JsonWriterOptions StoredForm = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToBytes(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredForm))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

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

            return JsonSerializer.SerializeToElement(text, ApiJsonContext.Api.String);
        }
    }
}
