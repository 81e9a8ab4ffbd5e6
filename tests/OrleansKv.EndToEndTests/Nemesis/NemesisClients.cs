using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>
/// Concurrent clients of a fault-injection run, over HTTP through random nodes: writers own
/// disjoint sets of keys and write each key's next sequence number (a put, sometimes a delete)
/// at <c>quorum</c> or <c>all</c>; readers read random keys at <c>quorum</c>. Every operation is
/// recorded with its start, end and outcome.
/// </summary>
public sealed class NemesisClients : ClientWorkers
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyList<TestNode> _nodes;
    private readonly int _keys;
    private readonly int _writers;
    private readonly OperationHistory _history;
    private readonly long[] _nextSequence;
    private readonly HttpClient[] _http;

    public NemesisClients(IReadOnlyList<TestNode> nodes, int keys, int writers, int readers, int seed, OperationHistory history)
    {
        _nodes = nodes;
        _keys = keys;
        _writers = writers;
        _history = history;
        _nextSequence = new long[keys];
        _http = nodes.Select(n => new HttpClient { BaseAddress = n.Http.BaseAddress, Timeout = RequestTimeout }).ToArray();
        Start(
        [
            .. Enumerable.Range(0, writers).Select<int, Func<Task>>(w => () => WriteAsync(w, new Random(seed * 31 + w))),
            .. Enumerable.Range(0, readers).Select<int, Func<Task>>(r => () => ReadAsync(new Random(seed * 37 + r))),
        ]);
    }

    public static string Key(int i) => $"nemesis-{i}";

    protected override void DisposeClients()
    {
        foreach (var http in _http)
        {
            http.Dispose();
        }
    }

    private async Task WriteAsync(int writer, Random random)
    {
        while (!IsStopping)
        {
            var i = random.Next(_keys / _writers) * _writers + writer;
            var sequence = ++_nextSequence[i];
            var delete = random.Next(10) == 0;
            var level = random.Next(10) < 7 ? "quorum" : "all";
            var node = random.Next(_nodes.Count);
            var start = Stopwatch.GetTimestamp();
            using var request = delete
                ? new HttpRequestMessage(HttpMethod.Delete, $"/keys/{Key(i)}?consistency={level}")
                : new HttpRequestMessage(HttpMethod.Put, $"/keys/{Key(i)}")
                {
                    Content = new StringContent($$"""{"value": {{sequence}}, "consistency": "{{level}}"}""", System.Text.Encoding.UTF8, "application/json"),
                };
            var (outcome, _, detail) = await SendAsync(node, request, isWrite: true);
            _history.Add(new Operation(Key(i), delete ? "delete" : "put", sequence, level, start, Stopwatch.GetTimestamp(), outcome, null, detail));
            if (outcome != Outcome.Ok)
            {
                await PauseAsync(random);
            }
        }
    }

    private async Task ReadAsync(Random random)
    {
        while (!IsStopping)
        {
            var i = random.Next(_keys);
            var node = random.Next(_nodes.Count);
            var start = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/keys/{Key(i)}?consistency=quorum");
            var (outcome, read, detail) = await SendAsync(node, request, isWrite: false);
            _history.Add(new Operation(Key(i), "get", 0, "quorum", start, Stopwatch.GetTimestamp(), outcome, read, detail));
            if (outcome != Outcome.Ok)
            {
                await PauseAsync(random);
            }
        }
    }

    private async Task<(Outcome Outcome, long? Read, string Detail)> SendAsync(int node, HttpRequestMessage request, bool isWrite)
    {
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await _http[node].SendAsync(request, Stopping);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(Stopping);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            // No answer (node killed, stopped, or cut off): a write may have been applied.
            return (isWrite ? Outcome.Maybe : Outcome.FailedCleanly, null, $"node{node + 1}: {ex.GetType().Name}");
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return (Outcome.BadAnswer, null, $"node{node + 1} answered {(int)status} with a non-JSON body: {body[..Math.Min(body.Length, 200)]}");
        }

        switch (status)
        {
            case HttpStatusCode.OK when !isWrite:
                return (Outcome.Ok, json.GetProperty("value").GetInt64(), "");
            case HttpStatusCode.OK:
            case HttpStatusCode.NotFound when !isWrite:
                return (Outcome.Ok, null, "");
            case HttpStatusCode.ServiceUnavailable when json.TryGetProperty("error", out _):
                var maybe = isWrite && (!json.TryGetProperty("may_have_been_applied", out var applied) || applied.GetBoolean());
                return (maybe ? Outcome.Maybe : Outcome.FailedCleanly, null, body);
            default:
                return (Outcome.BadAnswer, null, $"node{node + 1} answered {(int)status}: {body[..Math.Min(body.Length, 200)]}");
        }
    }
}
