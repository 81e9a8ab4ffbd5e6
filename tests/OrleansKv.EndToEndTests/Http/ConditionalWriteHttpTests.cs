using System.Net;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Http;

/// <summary>Conditional PUT and DELETE over HTTP: ETag, If-Match, If-None-Match, the body's conditions, 412, and the serial level.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ConditionalWriteHttpTests(ThreeNodeProcessClusterFixture fixture)
{
    private TestNode Node(int k) => fixture.Cluster[k];

    private static string Key() => "http-cas-" + Guid.NewGuid().ToString("N");

    private static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, (string Name, string Value)? header = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        return request;
    }

    [Fact]
    public async Task A_get_carries_the_version_as_etag_and_if_match_on_it_applies_once()
    {
        var key = Key();
        var put = await Node(1).Http.PutAsync($"/keys/{key}", """{"value": 1}""");
        var get = await Node(2).Http.GetJsonAsync($"/keys/{key}");

        var swap = await HttpJson.SendAsync(Node(3).Http, Request(HttpMethod.Put, $"/keys/{key}", """{"value": 2}""", ("If-Match", get.ETag!)));
        var stale = await HttpJson.SendAsync(Node(1).Http, Request(HttpMethod.Put, $"/keys/{key}", """{"value": 3}""", ("If-Match", get.ETag!)));
        var serial = await Node(2).Http.GetJsonAsync($"/keys/{key}?consistency=serial");

        Assert.Equal($"\"{put.Text("version")}\"", put.ETag);
        Assert.Equal(put.ETag, get.ETag);
        Assert.Equal(HttpStatusCode.OK, swap.Status);
        Assert.Equal("serial", swap.Text("consistency_level"));
        Assert.Equal($"\"{swap.Text("version")}\"", swap.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Contains("failed", stale.Text("error"));
        Assert.True(stale.Body.GetProperty("found").GetBoolean());
        Assert.Equal(2, stale.Int("value"));
        Assert.Equal(swap.Text("version"), stale.Text("version"));
        Assert.Equal("serial", serial.Text("consistency_level"));
        Assert.Equal(2, serial.Int("value"));
        Assert.Equal(swap.ETag, serial.ETag);
    }

    [Fact]
    public async Task If_none_match_star_writes_only_an_absent_key_and_a_deleted_key_counts_as_absent()
    {
        var key = Key();

        var created = await HttpJson.SendAsync(Node(1).Http, Request(HttpMethod.Put, $"/keys/{key}", """{"value": "a"}""", ("If-None-Match", "*")));
        var again = await HttpJson.SendAsync(Node(2).Http, Request(HttpMethod.Put, $"/keys/{key}", """{"value": "b"}""", ("If-None-Match", "*")));
        var deleted = await HttpJson.SendAsync(Node(3).Http, Request(HttpMethod.Delete, $"/keys/{key}", header: ("If-Match", created.ETag!)));
        var recreated = await Node(1).Http.PutAsync($"/keys/{key}", """{"value": "c", "if_absent": true}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.Status);
        Assert.Equal("a", again.Text("value"));
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("serial", deleted.Text("consistency_level"));
        Assert.Equal(HttpStatusCode.OK, recreated.Status);
        Assert.Equal("c", (await Node(2).Http.GetJsonAsync($"/keys/{key}?consistency=serial")).Text("value"));
    }

    [Fact]
    public async Task Conditions_in_the_body_work_for_clients_that_cannot_set_headers()
    {
        var key = Key();
        var missing = await Node(1).Http.PutAsync($"/keys/{key}", """{"value": 1, "if_version": "123@node1"}""");
        var created = await Node(1).Http.PutAsync($"/keys/{key}", """{"value": 1, "if_absent": true}""");
        var swapped = await Node(2).Http.PutAsync($"/keys/{key}", $$"""{"value": 2, "if_version": "{{created.Text("version")}}"}""");
        var staleDelete = await HttpJson.SendAsync(
            Node(3).Http, Request(HttpMethod.Delete, $"/keys/{key}", $$"""{"if_version": "{{created.Text("version")}}"}"""));
        var delete = await HttpJson.SendAsync(
            Node(3).Http, Request(HttpMethod.Delete, $"/keys/{key}", $$"""{"if_version": "{{swapped.Text("version")}}"}"""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, missing.Status);
        Assert.False(missing.Body.GetProperty("found").GetBoolean());
        Assert.False(missing.Body.TryGetProperty("value", out _));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(HttpStatusCode.OK, swapped.Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.Status);
        Assert.Equal(2, staleDelete.Int("value"));
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Node(1).Http.GetJsonAsync($"/keys/{key}?consistency=serial")).Status);
    }

    [Theory]
    [InlineData("""{"value": 1, "if_absent": true, "consistency": "quorum"}""", null, "serial")]
    [InlineData("""{"value": 1, "consistency": "serial"}""", null, "condition")]
    [InlineData("""{"value": 1}""", "not-a-version", "If-Match")]
    [InlineData("""{"value": 1, "if_absent": true}""", "\"1@node1\"", "one condition")]
    [InlineData("""{"value": 1, "if_version": 5}""", null, "if_version")]
    [InlineData("""{"value": 1, "if_absent": "yes"}""", null, "if_absent")]
    public async Task A_condition_at_the_wrong_level_or_malformed_is_a_400_that_says_why(string body, string? ifMatch, string expected)
    {
        var reply = await HttpJson.SendAsync(
            Node(1).Http, Request(HttpMethod.Put, $"/keys/{Key()}", body, ifMatch is null ? null : ("If-Match", ifMatch)));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains(expected, reply.Text("error"));
    }

    [Fact]
    public async Task A_conditional_delete_at_quorum_and_a_serial_plain_delete_are_refused()
    {
        var key = Key();
        var conditional = await HttpJson.SendAsync(
            Node(1).Http, Request(HttpMethod.Delete, $"/keys/{key}?consistency=quorum", header: ("If-Match", "\"1@node1\"")));
        var plain = await Node(1).Http.DeleteJsonAsync($"/keys/{key}?consistency=serial");

        Assert.Equal(HttpStatusCode.BadRequest, conditional.Status);
        Assert.Contains("serial", conditional.Text("error"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.Status);
        Assert.Contains("condition", plain.Text("error"));
    }
}
