using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Http;

/// <summary><c>GET /keys</c> over real HTTP: pages, cursors, values and the 400s.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class KeyListingEndpointTests(ThreeNodeProcessClusterFixture fixture)
{
    private HttpClient Node(int k) => fixture.Cluster[k].Http;

    [Fact]
    public async Task Paging_with_next_cursor_returns_every_key_of_the_prefix_once_and_the_last_page_has_no_cursor()
    {
        var keys = Enumerable.Range(0, 120).Select(i => $"http-list:{i:D3}").ToList();
        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.OK, (await Node(1).PutAsync($"/keys/{key}", """{"value": 1}""")).Status);
        }

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Node(2).GetJsonAsync($"/keys?prefix=http-list:&limit=25{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            listed.AddRange(page.Body.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!));
            cursor = page.Body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.True(pages >= 5, $"{pages} pages for 120 keys at 25 a page");
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_values_each_key_comes_with_its_value_version_and_expiry()
    {
        await Node(1).PutAsync("/keys/http-values:a?ttl=3600", """{"value": {"n": 1}, "consistency": "all"}""");

        var page = await Node(3).GetJsonAsync("/keys?prefix=http-values:&values=true&consistency=one");

        var entry = Assert.Single(page.Body.GetProperty("keys").EnumerateArray());
        Assert.Equal("http-values:a", entry.GetProperty("key").GetString());
        Assert.Equal(1, entry.GetProperty("value").GetProperty("n").GetInt32());
        Assert.EndsWith("@node1", entry.GetProperty("version").GetString());
        Assert.True(entry.TryGetProperty("expires_at", out _));
        Assert.False(page.Body.TryGetProperty("next_cursor", out _));
    }

    [Theory]
    [InlineData("/keys?limit=10001", "limit")]
    [InlineData("/keys?limit=ten", "limit")]
    [InlineData("/keys?cursor=Zm9vYmFy", "cursor")]
    [InlineData("/keys?consistency=most", "consistency level")]
    [InlineData("/keys?values=maybe", "values")]
    public async Task Bad_listing_parameters_are_a_400_with_a_json_error(string path, string mentions)
    {
        var answer = await Node(1).GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(mentions, answer.Text("error"));
    }

    [Fact]
    public async Task A_prefix_longer_than_any_key_is_a_400()
    {
        var answer = await Node(1).GetJsonAsync($"/keys?prefix={new string('p', 5000)}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("prefix", answer.Text("error"));
    }
}
