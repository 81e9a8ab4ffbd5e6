using System.Text;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Hardening;

/// <summary>Regression tests for what <see cref="HttpFuzzTests"/> found, each on its own.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class HostileInputTests(ThreeNodeProcessClusterFixture fixture)
{
    [Theory]
    [InlineData("GET", "/favicon.ico")]
    [InlineData("GET", "/index.html")]
    [InlineData("POST", "/openapi/v1.json")]
    [InlineData("PUT", "/metrics")]
    [InlineData("DELETE", "/metrics")]
    public async Task A_path_that_looks_like_a_file_or_a_method_metrics_does_not_serve_is_a_json_404(string method, string path)
    {
        var answer = await SendAsync(HttpFuzzCase.Bodiless("regression", 1, method, path, Expected.ClientError));

        Assert.Equal(404, answer.Status);
        Assert.Contains($"No endpoint {method} {path}", Error(answer));
    }

    [Theory]
    [InlineData("""{"value": "\ud800"}""")]
    [InlineData("""{"value": {"\udc00": 1}}""")]
    [InlineData("""{"value": 1, "consistency": "\ud800"}""")]
    public async Task A_body_that_escapes_a_lone_surrogate_is_a_400_not_a_500(string body)
    {
        var answer = await SendAsync(HttpFuzzCase.Put("regression", 1, HttpFuzzGen.Keys("fz-surrogate"), body, Expected.ClientError));

        Assert.Equal(400, answer.Status);
        Assert.Contains("lone surrogate", Error(answer));
    }

    [Fact]
    public async Task A_chunk_size_that_overflows_is_a_400_not_a_500()
    {
        var answer = await SendAsync(new HttpFuzzCase(
            "regression", 1, "PUT", HttpFuzzGen.Keys("fz-chunk"), ["Transfer-Encoding: chunked"], "ffffffffffffffff\r\n{}\r\n0\r\n\r\n"u8.ToArray(), null,
            Expected.ClientError));

        Assert.Equal(400, answer.Status);
        Assert.Contains("could not be read", Error(answer));
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_a_400_and_stores_nothing()
    {
        byte[] body = [.. """{"value": "a"""u8, 0xff, 0xfe, .. "\"}"u8];

        var answer = await SendAsync(new HttpFuzzCase("regression", 1, "PUT", HttpFuzzGen.Keys("fz-not-utf8"), [], body, body.Length, Expected.ClientError));
        var read = await fixture.Cluster[2].Http.GetJsonAsync(HttpFuzzGen.Keys("fz-not-utf8") + "?consistency=all");

        Assert.Equal(400, answer.Status);
        Assert.Contains("not valid UTF-8", Error(answer));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, read.Status);
    }

    [Fact]
    public async Task A_key_that_is_not_utf8_once_percent_decoded_is_a_400_and_an_encoded_percent_is_a_percent()
    {
        var invalid = await SendAsync(HttpFuzzCase.Put("regression", 1, "/keys/fz-%FF%FE", """{"value": 1}""", Expected.ClientError));
        var surrogate = await SendAsync(HttpFuzzCase.Bodiless("regression", 1, "GET", "/keys/fz-%ED%A0%80", Expected.ClientError));
        var literal = await SendAsync(HttpFuzzCase.Put("regression", 1, "/keys/fz-%25FF", """{"value": 1}""", Expected.Success));

        Assert.Equal(400, invalid.Status);
        Assert.Contains("not valid UTF-8", Error(invalid));
        Assert.Equal(400, surrogate.Status);
        Assert.Equal(200, literal.Status);
        Assert.Equal("fz-%FF", Json(literal).GetProperty("key").GetString());
    }

    [Fact]
    public async Task Dot_segments_name_the_key_the_path_was_routed_to()
    {
        var put = await SendAsync(HttpFuzzCase.Put("regression", 1, "/keys/fz-a/../fz-dot", """{"value": "dot"}""", Expected.Success));
        var encoded = await SendAsync(HttpFuzzCase.Bodiless("regression", 2, "GET", "/keys/fz-b/%2e%2E/fz-dot?consistency=all", Expected.Success));
        var slash = await SendAsync(HttpFuzzCase.Bodiless("regression", 3, "GET", "/keys/fz-a%2F..%2Ffz-dot", Expected.ClientError));

        Assert.Equal(200, put.Status);
        Assert.Equal("fz-dot", Json(put).GetProperty("key").GetString());
        Assert.Equal("dot", Json(encoded).GetProperty("value").GetString());
        Assert.Equal(404, slash.Status); // "%2F" is not a separator: key "fz-a/../fz-dot", never written.
    }

    private async Task<RawHttp.Response> SendAsync(HttpFuzzCase request) =>
        await RawHttp.SendAsync(fixture.Cluster[request.Node].HttpPort, request.ToBytes(), request.How, headRequest: false, request.Timeout)
        ?? throw new Xunit.Sdk.XunitException($"no answer to {request}");

    private static JsonElement Json(RawHttp.Response answer) => JsonDocument.Parse(answer.Body).RootElement.Clone();

    private static string Error(RawHttp.Response answer)
    {
        Assert.StartsWith("application/json", answer.Header("Content-Type"));
        return Json(answer).GetProperty("error").GetString()!;
    }
}
