using System.Text;
using System.Text.Json;

namespace OrleansKv.Api.Json;

/// <summary>
/// How HTTP values map to stored bytes. The HTTP API stores the value's JSON text as UTF-8, so a
/// GET returns exactly the JSON that was PUT (a string stays a string, an object an object).
/// Values written by other clients as arbitrary bytes come back as a JSON string when they are
/// UTF-8 text, and as base64 otherwise.
/// </summary>
public static class StoredJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static byte[] ToBytes(JsonElement value) => JsonSerializer.SerializeToUtf8Bytes(value);

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
