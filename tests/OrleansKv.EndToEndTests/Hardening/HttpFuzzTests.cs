using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrleansKv.EndToEndTests.Hardening;

/// <summary>
/// Three node processes of the fuzz test's own, whose replicas have 5 s to answer instead of 1 s:
/// on a loaded machine (CI runs beside other builds) a replica is sometimes slower than 1 s, and
/// the 503 that follows is the documented answer to slowness, not to the input. With 5 s, a 5xx
/// means the input did something.
/// </summary>
public sealed class FuzzClusterFixture : IAsyncLifetime
{
    public ProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ProcessCluster.StartAsync(3, "--OrleansKv:Replication:ReplicaTimeout=00:00:05");

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Property-based fuzzing of a live cluster's HTTP API (<see cref="HttpFuzzGen"/>: invalid and
/// deeply nested JSON, bodies and headers over the limits, odd and long keys, dot segments,
/// unknown levels, every method on every route, slow, cut and truncated bodies, many
/// connections at once, broken framing). Every answer must be a 4xx with a JSON "error", or a
/// 2xx/3xx where the request was valid; never a 5xx, never a hang (10 s per request); afterwards
/// every node still runs and is ready, and keys seeded before read back unchanged at <c>all</c>.
///
/// The one exception: requests whose framing or target Kestrel refuses itself, before any of the
/// node's code runs (no hook exists for them), get Kestrel's bare answer — no body,
/// <c>Connection: close</c> — 400 (malformed request line or headers, NUL or control bytes in the
/// target), 414 (request line over 8 KiB), 431 (headers over Limits:MaxRequestHeadersBytes or
/// more than 100), or 505 (an HTTP version other than 1.0/1.1). Only requests generated as
/// malformed may get them (<see cref="HttpFuzzCase.KestrelMayReject"/>).
///
/// A failure prints CsCheck's seed: <c>CsCheck_Seed=… dotnet test …</c> replays it.
/// <c>ORLEANSKV_FUZZ_ITERATIONS=5000</c> runs more cases than the default 300.
/// </summary>
public sealed class HttpFuzzTests(FuzzClusterFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzClusterFixture>
{
    private static readonly int[] KestrelRejections = [400, 405, 408, 411, 413, 414, 431, 505];

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("ORLEANSKV_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 300;

    [Fact]
    public async Task Hostile_requests_get_a_json_4xx_or_a_valid_answer_never_a_5xx_a_hang_or_a_crash_and_leave_other_keys_alone()
    {
        var seeds = await SeedAsync();

        await HttpFuzzGen.Any.SampleAsync(SendAndCheckAsync, iter: Iterations, threads: 8, print: c => c.ToString(), writeLine: output.WriteLine);

        foreach (var node in fixture.Cluster.Nodes)
        {
            Assert.True(node.IsRunning, $"{node.NodeId} exited during the fuzzing. Output:\n{node.Output}");
            Assert.True(await node.IsReadyAsync(), $"{node.NodeId} is not ready after the fuzzing");
            foreach (var (key, json) in seeds)
            {
                var read = await node.Http.GetJsonAsync(HttpFuzzGen.Keys(key) + "?consistency=all");
                Assert.True(read.Status == System.Net.HttpStatusCode.OK, $"seeded key '{key}' read at all from {node.NodeId}: {read.Status} {read.Body}");
                Assert.Equal(json, read.Body.GetProperty("value").GetRawText());
            }
        }
    }

    /// <summary>Keys outside the fuzzed prefix, written at all, with values of every JSON kind.</summary>
    private async Task<Dictionary<string, string>> SeedAsync()
    {
        string[] values =
        [
            "\"plain\"", "42", "-1.5e300", "true", "null", "[]", "{}", "\"zoë 日本 🎉 \\u0001\"", "[1,\"two\",{\"three\":[null,false]}]",
            "{\"nested\":{\"deep\":[1,2,3]},\"text\":\"with \\\"quotes\\\" and \\\\\"}", "\"\"", "\"fz-not-a-key\"",
        ];
        var seeds = new Dictionary<string, string>();
        for (var i = 0; i < values.Length; i++)
        {
            var key = i % 3 == 0 ? $"seed/ü/{i}/🎉 %" : $"seed-{i}";
            var put = await fixture.Cluster[1 + i % 3].Http.PutAsync(HttpFuzzGen.Keys(key), $$"""{"value": {{values[i]}}, "consistency": "all"}""");
            Assert.True(put.Status == System.Net.HttpStatusCode.OK, $"seeding '{key}': {put.Status} {put.Body}");
            seeds[key] = put.Body.GetProperty("value").GetRawText();
        }

        return seeds;
    }

    private async Task SendAndCheckAsync(HttpFuzzCase fuzz)
    {
        var port = fixture.Cluster[fuzz.Node].HttpPort;
        var request = fuzz.ToBytes();
        var head = fuzz.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
        await Task.WhenAll(Enumerable.Range(0, fuzz.Copies).Select(async _ =>
        {
            RawHttp.Response? answer;
            try
            {
                answer = await RawHttp.SendAsync(port, request, fuzz.How, head, fuzz.Timeout);
            }
            catch (Exception e) when (e is TimeoutException or InvalidDataException)
            {
                throw new XunitException($"{e.Message}\nrequest: {fuzz}");
            }

            if (Problem(fuzz, answer) is { } problem)
            {
                throw new XunitException($"{problem}\nrequest: {fuzz}\nanswer: {answer}");
            }

            if (answer is { Status: >= 200 and < 300 } && fuzz.ExpectedKey is { } key)
            {
                await CheckStoredAsync(fuzz, key);
            }
        }));
    }

    /// <summary>What is wrong with the answer to <paramref name="fuzz"/>; null if nothing.</summary>
    private static string? Problem(HttpFuzzCase fuzz, RawHttp.Response? answer)
    {
        if (answer is null)
        {
            return fuzz.AnswerOptional ? null : "the node closed the connection without an answer";
        }

        var kestrelRejection = fuzz.KestrelMayReject && IsKestrelRejection(answer);
        if (answer.Status >= 500)
        {
            return answer.Status == 505 && kestrelRejection ? null : $"a {answer.Status}";
        }

        if (answer.Status >= 400)
        {
            if (fuzz.Expected == Expected.Success)
            {
                return $"a valid request answered {answer.Status}";
            }

            if (kestrelRejection)
            {
                return null;
            }

            // A HEAD answer has no body; its Content-Type still says what the body would have been.
            return fuzz.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase)
                ? answer.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) == true ? null : "a HEAD 4xx that is not JSON"
                : ErrorJsonProblem(answer);
        }

        if (fuzz.Expected == Expected.ClientError)
        {
            return $"an invalid request answered {answer.Status}";
        }

        if (fuzz.ExpectedKey is { } key && answer.Status is >= 200 and < 300)
        {
            var named = JsonDocument.Parse(answer.Body).RootElement.GetProperty("key").GetString();
            return named == key ? null : $"the answer names key '{named}', not '{key}'";
        }

        return null;
    }

    private static string? ErrorJsonProblem(RawHttp.Response answer)
    {
        if (answer.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return $"a {answer.Status} whose Content-Type is '{answer.Header("Content-Type")}', not JSON";
        }

        try
        {
            using var body = JsonDocument.Parse(answer.Body);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                    ? null
                    : $"a {answer.Status} whose JSON has no \"error\" string";
        }
        catch (JsonException e)
        {
            return $"a {answer.Status} whose body is not JSON ({e.Message})";
        }
    }

    /// <summary>Kestrel's own refusal: no body, no Content-Type, the connection closed.</summary>
    private static bool IsKestrelRejection(RawHttp.Response answer) =>
        KestrelRejections.Contains(answer.Status) && answer.Header("Content-Length") == "0" && answer.Header("Content-Type") is null
        && answer.Header("Connection")?.Equals("close", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A valid PUT's value reads back at all, from the node that took it.</summary>
    private async Task CheckStoredAsync(HttpFuzzCase fuzz, string key)
    {
        var sent = JsonNode.Parse(Encoding.UTF8.GetString(fuzz.Body))!["value"];
        var read = await fixture.Cluster[fuzz.Node].Http.GetJsonAsync(HttpFuzzGen.Keys(key) + "?consistency=all");
        if (read.Status != System.Net.HttpStatusCode.OK)
        {
            throw new XunitException($"'{key}' was stored but reads back at all as {(int)read.Status} {read.Body}\nrequest: {fuzz}");
        }

        var stored = JsonNode.Parse(read.Body.GetProperty("value").GetRawText());
        if (!JsonNode.DeepEquals(sent, stored))
        {
            throw new XunitException($"'{key}' reads back as {stored?.ToJsonString()}, not {sent?.ToJsonString()}\nrequest: {fuzz}");
        }
    }
}
