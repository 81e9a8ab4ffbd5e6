using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Small helpers to send JSON and read status plus JSON body in one step.</summary>
public static class HttpJson
{
    public sealed record Reply(HttpStatusCode Status, JsonElement Body, string ContentType, string? ETag = null)
    {
        public string Text(string property) => Body.GetProperty(property).GetString()!;

        public int Int(string property) => Body.GetProperty(property).GetInt32();
    }

    public static Task<Reply> PutAsync(this HttpClient http, string path, string json) =>
        SendAsync(http, new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static Task<Reply> GetJsonAsync(this HttpClient http, string path) => SendAsync(http, new HttpRequestMessage(HttpMethod.Get, path));

    public static Task<Reply> DeleteJsonAsync(this HttpClient http, string path) => SendAsync(http, new HttpRequestMessage(HttpMethod.Delete, path));

    public static async Task<Reply> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} with a non-JSON body: '{text}'");
            }

            return new Reply(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType ?? "", response.Headers.ETag?.Tag);
        }
    }
}
