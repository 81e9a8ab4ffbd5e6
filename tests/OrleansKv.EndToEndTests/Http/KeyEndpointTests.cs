using System.Net;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Http;

[Collection(SharedClusterCollection.Name)]
public sealed class KeyEndpointTests(ThreeNodeProcessClusterFixture fixture)
{
    private HttpClient Node(int k) => fixture.Cluster[k].Http;

    [Fact]
    public async Task A_put_answers_with_the_original_fields_and_the_version()
    {
        var put = await Node(1).PutAsync("/keys/user:1", """{"value": {"name": "Ada"}, "consistency": "all"}""");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("application/json", put.ContentType);
        Assert.Equal("user:1", put.Text("key"));
        Assert.Equal("Ada", put.Body.GetProperty("value").GetProperty("name").GetString());
        Assert.Equal("all", put.Text("consistency_level"));
        Assert.Equal(3, put.Int("successful_replicas"));
        Assert.Equal(3, put.Int("attempted_replicas"));
        Assert.Equal(3, put.Int("total_possible_replicas"));
        Assert.Equal("node1", put.Text("coordinated_by"));
        Assert.Equal(JsonValueKind.Null, put.Body.GetProperty("errors").ValueKind);
        Assert.EndsWith("@node1", put.Text("version"));
    }

    [Fact]
    public async Task A_put_defaults_to_quorum_and_takes_the_level_from_the_query_too()
    {
        var byDefault = await Node(2).PutAsync("/keys/defaults", """{"value": 1}""");
        var byQuery = await Node(2).PutAsync("/keys/defaults?consistency=one", """{"value": 2}""");

        Assert.Equal("quorum", byDefault.Text("consistency_level"));
        Assert.True(byDefault.Int("successful_replicas") >= 2);
        Assert.Equal("one", byQuery.Text("consistency_level"));
        Assert.True(byQuery.Int("successful_replicas") >= 1);
    }

    [Theory]
    [InlineData("\"text with spaces\"")]
    [InlineData("42")]
    [InlineData("3.5")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1,\"two\",{\"three\":3}]")]
    [InlineData("{\"nested\":{\"deep\":[null,false]}}")]
    public async Task A_value_comes_back_as_the_same_json_that_was_stored(string json)
    {
        var key = "/keys/json-" + Math.Abs(json.GetHashCode());
        await Node(1).PutAsync(key, $$"""{"value": {{json}}}""");

        var get = await Node(3).GetJsonAsync(key + "?consistency=quorum");

        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement), JsonSerializer.Serialize(get.Body.GetProperty("value")));
    }

    [Fact]
    public async Task A_get_at_one_names_its_source_node_and_at_quorum_its_source_nodes()
    {
        var put = await Node(1).PutAsync("/keys/sources", """{"value": "v", "consistency": "all"}""");

        var one = await Node(2).GetJsonAsync("/keys/sources");
        var quorum = await Node(3).GetJsonAsync("/keys/sources?consistency=quorum");

        Assert.Equal("one", one.Text("consistency_level"));
        Assert.Equal("node2", one.Text("queried_node"));
        Assert.StartsWith("node", one.Text("source_node"));
        Assert.False(one.Body.TryGetProperty("source_nodes", out _));
        Assert.Equal(put.Text("version"), one.Text("version"));
        Assert.True(quorum.Body.GetProperty("source_nodes").GetArrayLength() >= 2);
        Assert.False(quorum.Body.TryGetProperty("source_node", out _));
    }

    [Fact]
    public async Task A_delete_answers_with_the_original_fields_and_the_key_then_reads_as_404()
    {
        await Node(1).PutAsync("/keys/doomed", """{"value": "x", "consistency": "all"}""");

        var delete = await Node(2).DeleteJsonAsync("/keys/doomed");
        var get = await Node(3).GetJsonAsync("/keys/doomed?consistency=all");

        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.Equal("Key doomed deleted", delete.Text("message"));
        Assert.Equal("quorum", delete.Text("consistency_level"));
        Assert.True(delete.Int("successful_replicas") >= 2);
        Assert.Equal(3, delete.Int("total_possible_replicas"));
        Assert.Equal("node2", delete.Text("coordinated_by"));
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Contains("not found", get.Text("error"));
    }

    [Fact]
    public async Task An_absent_key_is_a_404_with_a_json_error()
    {
        var get = await Node(1).GetJsonAsync("/keys/never-stored-anywhere");

        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Contains("never-stored-anywhere", get.Text("error"));
    }

    [Fact]
    public async Task Keys_may_contain_any_url_encoded_characters()
    {
        const string key = "a/b?c=d&e f%g#h/ü/🎉";
        var path = "/keys/" + Uri.EscapeDataString(key);

        var put = await Node(1).PutAsync(path, """{"value": "odd"}""");
        var get = await Node(2).GetJsonAsync(path + "?consistency=quorum");
        var replicas = await Node(3).GetJsonAsync("/admin/replicas/" + Uri.EscapeDataString(key));

        Assert.Equal(key, put.Text("key"));
        Assert.Equal(key, get.Text("key"));
        Assert.Equal("odd", get.Text("value"));
        Assert.Equal(key, replicas.Text("key"));
    }

    [Theory]
    [InlineData("{bad json", "Malformed JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"consistency\": \"one\"}", "\"value\"")]
    [InlineData("{\"value\": 1, \"consistency\": \"two\"}", "one, quorum, all")]
    [InlineData("{\"value\": 1, \"consistency\": 3}", "must be a string")]
    [InlineData("", "Malformed JSON")]
    public async Task A_bad_put_body_is_a_400_that_says_what_was_wrong(string body, string expected)
    {
        var put = await Node(1).PutAsync("/keys/bad-body", body);

        Assert.Equal(HttpStatusCode.BadRequest, put.Status);
        Assert.Contains(expected, put.Text("error"));
    }

    [Fact]
    public async Task An_unknown_level_in_the_query_is_a_400_naming_the_valid_levels()
    {
        var get = await Node(1).GetJsonAsync("/keys/k?consistency=most");
        var delete = await Node(1).DeleteJsonAsync("/keys/k?consistency=some");

        Assert.Equal(HttpStatusCode.BadRequest, get.Status);
        Assert.Contains("one, quorum, all", get.Text("error"));
        Assert.Equal(HttpStatusCode.BadRequest, delete.Status);
    }

    [Fact]
    public async Task An_empty_or_too_long_key_is_a_400()
    {
        var empty = await Node(1).PutAsync("/keys/", """{"value": 1}""");
        var tooLong = await Node(1).GetJsonAsync("/keys/" + new string('k', 1025));

        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("empty", empty.Text("error"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("1024", tooLong.Text("error"));
    }

    [Fact]
    public async Task A_value_over_the_limit_is_a_413_and_one_just_under_is_stored()
    {
        var justUnder = new string('x', 1024 * 1024 - 2);
        var over = new string('x', 1024 * 1024);

        var stored = await Node(1).PutAsync("/keys/big", $$"""{"value": "{{justUnder}}"}""");
        var refused = await Node(1).PutAsync("/keys/big", $$"""{"value": "{{over}}"}""");
        // A body far over the limit is refused from its Content-Length, before it is read: a client
        // that asks "Expect: 100-continue" gets the 413 without sending the 5 MiB at all.
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Put, "/keys/big")
        {
            Content = new StringContent($$"""{"value": "{{new string('x', 5 * 1024 * 1024)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        hugeRequest.Headers.ExpectContinue = true;
        var huge = await HttpJson.SendAsync(Node(1), hugeRequest);

        Assert.Equal(HttpStatusCode.OK, stored.Status);
        Assert.Equal((HttpStatusCode)413, refused.Status);
        Assert.Contains("limit", refused.Text("error"));
        Assert.Equal((HttpStatusCode)413, huge.Status);
        Assert.Equal(justUnder, (await Node(2).GetJsonAsync("/keys/big?consistency=quorum")).Text("value"));
    }

    [Fact]
    public async Task A_client_that_sends_a_whole_oversized_body_before_reading_still_reads_the_413()
    {
        // As Python's urllib does: headers and the full body first, then read the answer. 12 MiB is
        // more than loopback's socket buffers hold, so a server that closes early breaks the pipe.
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"value": "{{new string('x', 12 * 1024 * 1024)}}"}""");
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", fixture.Cluster[1].HttpPort);
        await using var stream = client.GetStream();
        var head = $"PUT /keys/too-big HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("\"error\":", answer);
        Assert.Contains("limited to", answer);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_with_a_json_error()
    {
        var reply = await Node(1).GetJsonAsync("/nope");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Contains("/docs", reply.Text("error"));
    }
}
