using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Values;

/// <summary>Time to live through HTTP and the shell, on real nodes and the real clock.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class TimeToLiveEndToEndTests(ThreeNodeProcessClusterFixture fixture)
{
    private static readonly string[] Levels = ["one", "quorum", "all"];

    private HttpClient Node(int number) => fixture.Cluster[number].Http;

    [Fact]
    public async Task A_put_with_ttl_seconds_reads_with_its_expiry_then_is_absent_at_every_level()
    {
        var put = await Node(1).PutAsync("/keys/ttl:http", """{"value": "short-lived", "consistency": "all", "ttl_seconds": 2}""");
        var get = await Node(2).GetJsonAsync("/keys/ttl:http?consistency=quorum");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(put.Text("expires_at"), get.Text("expires_at"));
        await AssertExpiresEverywhereAsync("ttl:http");
    }

    [Fact]
    public async Task A_ttl_on_the_query_works_like_one_in_the_body()
    {
        var put = await Node(3).PutAsync("/keys/ttl:query?ttl=1.5", """{"value": {"a": 1}, "consistency": "all"}""");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.True(put.Body.TryGetProperty("expires_at", out _));
        await AssertExpiresEverywhereAsync("ttl:query");
    }

    [Theory]
    [InlineData("/keys/ttl:bad", """{"value": 1, "ttl_seconds": 0}""", "ttl_seconds")]
    [InlineData("/keys/ttl:bad", """{"value": 1, "ttl_seconds": "60"}""", "ttl_seconds")]
    [InlineData("/keys/ttl:bad?ttl=-1", """{"value": 1}""", "ttl")]
    [InlineData("/keys/ttl:bad?ttl=soon", """{"value": 1}""", "ttl")]
    public async Task A_bad_ttl_is_a_400_with_a_json_error(string path, string body, string named)
    {
        var reply = await Node(1).PutAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains(named, reply.Text("error"));
    }

    [Fact]
    public async Task A_shell_put_with_ttl_shows_the_expiry_and_the_key_then_expires()
    {
        var arguments = fixture.Cluster.Nodes.SelectMany(n => new[] { "--gateway", $"127.0.0.1:{n.GatewayPort}" });

        var run = await ProcessRun.RunAsync(SiloBinary.ShellStartInfo(arguments), "put ttl:shell v all --ttl 2\nget ttl:shell quorum\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  expires ", run.Output);
        Assert.Contains("ttl:shell = \"v\"", run.Output);
        await AssertExpiresEverywhereAsync("ttl:shell");
        var after = await ProcessRun.RunAsync(SiloBinary.ShellStartInfo(arguments), "get ttl:shell all\n");
        Assert.Contains("ttl:shell not found", after.Output);
    }

    private async Task AssertExpiresEverywhereAsync(string key)
    {
        await Poll.UntilAsync(
            async () => (await Node(1).GetJsonAsync($"/keys/{key}?consistency=all")).Status == HttpStatusCode.NotFound,
            $"{key} to expire", TimeSpan.FromSeconds(20));
        foreach (var node in fixture.Cluster.Nodes)
        {
            foreach (var level in Levels)
            {
                var read = await node.Http.GetJsonAsync($"/keys/{key}?consistency={level}");
                Assert.True(read.Status == HttpStatusCode.NotFound, $"{node.NodeId} at {level}: {read.Status} {read.Body}");
            }
        }
    }
}
