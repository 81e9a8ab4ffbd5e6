using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;
using OrleansKv.TestSupport.Linearizability;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>
/// The compare-and-set workload of a fault-injection run: a few clients, over HTTP through random
/// nodes, do conditional writes (<c>If-None-Match: *</c>, <c>If-Match</c>, conditional deletes)
/// and <c>serial</c> reads on a few keys, each operation recorded with its call and return time
/// for the linearizability checker. An answer that says nothing was applied (a 503 with
/// <c>may_have_been_applied</c> false, a failed read) is left out; a write with no answer, or one
/// that may have been applied, is an unknown outcome that never returns. An answer no client
/// should ever get (a 5xx other than a JSON 503, a 4xx other than 412) is kept apart: one fails
/// the run.
/// </summary>
public sealed class NemesisCasClients : ClientWorkers
{
    // Longer than Paxos:ContentionTimeout (3 s), so the node's own 503 usually comes first.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(8);
    private readonly IReadOnlyList<TestNode> _nodes;
    private readonly int _keys;
    private readonly HttpClient[] _http;
    private readonly ConcurrentBag<HistoryOperation<KeyValueInput, KeyValueOutput>> _history = [];
    private readonly ConcurrentQueue<string> _badAnswers = new();

    public NemesisCasClients(IReadOnlyList<TestNode> nodes, int keys, int clients, int seed)
    {
        _nodes = nodes;
        _keys = keys;
        _http = nodes.Select(n => new HttpClient { BaseAddress = n.Http.BaseAddress, Timeout = RequestTimeout }).ToArray();
        Start(Enumerable.Range(0, clients).Select<int, Func<Task>>(c => () => ClientAsync(c, new Random(seed * 41 + c))));
    }

    public static string Key(int i) => $"nemesis-cas-{i}";

    /// <summary>The operations recorded, for <see cref="LinearizabilityChecker"/>.</summary>
    public IReadOnlyCollection<HistoryOperation<KeyValueInput, KeyValueOutput>> History => _history;

    /// <summary>Answers that no request should ever get.</summary>
    public IReadOnlyCollection<string> BadAnswers => _badAnswers;

    protected override void DisposeClients()
    {
        foreach (var http in _http)
        {
            http.Dispose();
        }
    }

    private async Task ClientAsync(int clientId, Random random)
    {
        // The version this client last saw per key: a compare-and-set names one of them.
        var seen = new Dictionary<string, string>();
        for (var op = 0; !IsStopping; op++)
        {
            var key = Key(random.Next(_keys));
            var choice = random.Next(4);
            var input = choice switch
            {
                0 => new KeyValueInput(key, KeyValueAction.Read),
                1 => new KeyValueInput(key, KeyValueAction.Write, $"c{clientId}-{op}", IfAbsent: true),
                2 when seen.TryGetValue(key, out var v) => new KeyValueInput(key, KeyValueAction.Delete, IfVersion: v),
                _ when seen.TryGetValue(key, out var v) => new KeyValueInput(key, KeyValueAction.Write, $"c{clientId}-{op}", IfVersion: v),
                _ => new KeyValueInput(key, KeyValueAction.Read),
            };
            var node = random.Next(_nodes.Count);
            var call = Stopwatch.GetTimestamp();
            var output = await SendAsync(node, input);
            var returned = Stopwatch.GetTimestamp();
            switch (output)
            {
                case null:
                    // Certainly not applied, or a read that failed: nothing to check.
                    await PauseAsync(random);
                    break;
                case { Outcome: KeyValueOutcome.Unknown }:
                    _history.Add(new(clientId, input, call, output, HistoryOperation<KeyValueInput, KeyValueOutput>.Never));
                    await PauseAsync(random);
                    break;
                default:
                    _history.Add(new(clientId, input, call, output, returned));
                    Remember(seen, key, input, output);
                    break;
            }
        }
    }

    private static void Remember(Dictionary<string, string> seen, string key, KeyValueInput input, KeyValueOutput output)
    {
        var present = output.Outcome == KeyValueOutcome.Ok && input.Action == KeyValueAction.Write || output.Found;
        if (present && output.Version is { } version)
        {
            seen[key] = version;
        }
        else
        {
            seen.Remove(key);
        }
    }

    /// <summary>One request; null when it certainly changed nothing and showed nothing.</summary>
    private async Task<KeyValueOutput?> SendAsync(int node, KeyValueInput input)
    {
        using var request = Request(input);
        HttpStatusCode status;
        string body;
        try
        {
            using var response = await _http[node].SendAsync(request, Stopping);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(Stopping);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return input.Action == KeyValueAction.Read ? null : KeyValueOutput.Unknown;
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Bad(node, input, status, body);
        }

        var read = input.Action == KeyValueAction.Read;
        switch (status)
        {
            case HttpStatusCode.OK when read:
                return KeyValueOutput.Read(json.GetProperty("value").GetString()!, json.GetProperty("version").GetString());
            case HttpStatusCode.NotFound when read:
                return KeyValueOutput.Absent;
            case HttpStatusCode.OK:
                return KeyValueOutput.Applied(json.GetProperty("version").GetString());
            case HttpStatusCode.PreconditionFailed when !read:
                return json.GetProperty("found").GetBoolean()
                    ? KeyValueOutput.Failed(true, json.GetProperty("value").GetString(), json.GetProperty("version").GetString())
                    : KeyValueOutput.Failed(false, null, null);
            case HttpStatusCode.ServiceUnavailable when json.TryGetProperty("error", out _):
                var maybe = !read && (!json.TryGetProperty("may_have_been_applied", out var applied) || applied.GetBoolean());
                return maybe ? KeyValueOutput.Unknown : null;
            default:
                return Bad(node, input, status, body);
        }
    }

    private KeyValueOutput? Bad(int node, KeyValueInput input, HttpStatusCode status, string body)
    {
        _badAnswers.Enqueue($"node{node + 1} answered {input} with {(int)status}: {body[..Math.Min(body.Length, 300)]}");

        // Counted apart; for the history it is an unknown outcome, so the checker stays sound.
        return input.Action == KeyValueAction.Read ? null : KeyValueOutput.Unknown;
    }

    private static HttpRequestMessage Request(KeyValueInput input)
    {
        var target = $"/keys/{input.Key}";
        if (input.Action == KeyValueAction.Read)
        {
            return new HttpRequestMessage(HttpMethod.Get, target + "?consistency=serial");
        }

        var request = input.Action == KeyValueAction.Delete
            ? new HttpRequestMessage(HttpMethod.Delete, target)
            : new HttpRequestMessage(HttpMethod.Put, target)
            {
                Content = new StringContent(JsonSerializer.Serialize(new { value = input.Value }), Encoding.UTF8, "application/json"),
            };
        if (input.IfAbsent)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        }
        else
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{input.IfVersion}\""));
        }

        return request;
    }
}
