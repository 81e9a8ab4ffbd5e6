using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Values;

/// <summary>
/// One value model: a value written through any of HTTP, the shell and the embedded client reads
/// back through the other two as the same JSON value with the same version.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class CrossEntryPointTests(ThreeNodeProcessClusterFixture fixture) : IAsyncLifetime
{
    private ClientHost _client = null!;

    /// <summary>Each case: a name, the JSON value, and how the shell types it.</summary>
    public static TheoryData<string, string, string> Values => new()
    {
        { "number-like", "\"42\"", "42" },
        { "empty", "\"\"", "''" },
        { "unicode", "\"zoë 日本 🎉 \\\"quoted\\\"\"", "'zoë 日本 🎉 \"quoted\"'" },
        { "object", """{"a":1,"b":[true,null,"x"],"c":{"d":"é"}}""", """--json '{"a": 1, "b": [true, null, "x"], "c": {"d": "é"}}'""" },
        { "number", "42", "--json 42" },
    };

    public async Task InitializeAsync() => _client = await ClientHost.StartAsync(fixture.Cluster);

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_value_written_over_http_reads_the_same_through_the_shell_and_the_client(string name, string json, string _)
    {
        var key = $"x:http:{name}";
        var put = await fixture.Cluster[1].Http.PutAsync("/keys/" + Uri.EscapeDataString(key), $$"""{"value": {{json}}}""");
        Assert.Equal(HttpStatusCode.OK, put.Status);

        await AssertEveryEntryPointReadsAsync(key, json, put.Text("version"));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_value_written_by_the_shell_reads_the_same_over_http_and_through_the_client(string name, string json, string shellArgument)
    {
        var key = $"x:shell:{name}";
        var run = await RunShellAsync($"put {key} {shellArgument}\n");
        Assert.True(run.ExitCode == 0, run.ToString());

        await AssertEveryEntryPointReadsAsync(key, json, ShellVersion(run.Output));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_value_written_by_the_client_reads_the_same_over_http_and_through_the_shell(string name, string json, string _)
    {
        var key = $"x:client:{name}";
        var put = await _client.Client.PutAsync(key, JsonNode.Parse(json));

        await AssertEveryEntryPointReadsAsync(key, json, put.Version.ToString());
    }

    private async Task AssertEveryEntryPointReadsAsync(string key, string json, string version)
    {
        var expected = JsonNode.Parse(json);

        var http = await fixture.Cluster[2].Http.GetJsonAsync($"/keys/{Uri.EscapeDataString(key)}?consistency=quorum");
        Assert.Equal(HttpStatusCode.OK, http.Status);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(http.Body.GetProperty("value").GetRawText())), $"HTTP read {http.Body}");
        Assert.Equal(version, http.Text("version"));

        var entry = await _client.Client.GetEntryAsync<JsonNode>(key, new ReadOptions { Level = ConsistencyLevel.Quorum });
        Assert.NotNull(entry);
        Assert.True(JsonNode.DeepEquals(expected, entry.Value), $"client read {entry.Value?.ToJsonString()}");
        Assert.Equal(version, entry.Version.ToString());

        var shell = await RunShellAsync($"get '{key}' quorum\n");
        Assert.True(shell.ExitCode == 0, shell.ToString());
        var headline = shell.Output.Split('\n')[0];
        var shown = headline[(key.Length + " = ".Length)..];
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(shown)), $"shell showed {headline}");
        Assert.DoesNotContain("\\u", shown); // text as typed, not escaped
        Assert.Equal(version, ShellVersion(shell.Output));
    }

    private static string ShellVersion(string output)
    {
        var line = output.Split('\n').Single(l => l.StartsWith("  version ", StringComparison.Ordinal));
        return line["  version ".Length..].Split(' ')[0];
    }

    private Task<ProcessRun> RunShellAsync(string input)
    {
        var arguments = fixture.Cluster.Nodes.SelectMany(n => new[] { "--gateway", $"127.0.0.1:{n.GatewayPort}" });
        return ProcessRun.RunAsync(SiloBinary.ShellStartInfo(arguments), input);
    }
}
