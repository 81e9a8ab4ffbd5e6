using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OrleansKv.Consistency;

namespace OrleansKv.Bench.Drivers;

/// <summary>
/// Drives the HTTP API: <c>PUT /keys/{key}</c> with <c>{"value": "...", "consistency": "..."}</c>
/// and <c>GET /keys/{key}?consistency=...</c>. One shared <see cref="SocketsHttpHandler"/> with
/// as many connections per node as there are loops, so no loop ever waits for a connection.
/// Loop i talks to target i mod targets.
/// </summary>
public sealed class HttpDriver : IKeyValueDriver
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri[] _targets;
    private readonly Dictionary<ConsistencyLevel, byte[]> _putBodies;

    public HttpDriver(IReadOnlyList<Uri> targets, int concurrency, int valueBytes, TimeSpan requestTimeout)
    {
        _targets = [.. targets];
        Targets = [.. targets.Select(t => t.ToString())];
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, concurrency),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { Timeout = requestTimeout };

        // The value is a JSON string of valueBytes ASCII characters.
        var value = new string('x', valueBytes);
        _putBodies = Enum.GetValues<ConsistencyLevel>().ToDictionary(
            level => level,
            level => Encoding.UTF8.GetBytes($"{{\"value\":\"{value}\",\"consistency\":\"{level.ToWireName()}\"}}"));
    }

    public string Name => "http";

    public IReadOnlyList<string> Targets { get; }

    public Task<OpResult> PutAsync(string key, ConsistencyLevel level, int loop)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, KeyUri(key, loop, ""))
        {
            Content = new ByteArrayContent(_putBodies[level]) { Headers = { ContentType = Json } },
        };
        return SendAsync(request);
    }

    public Task<OpResult> GetAsync(string key, ConsistencyLevel level, int loop) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, KeyUri(key, loop, "?consistency=" + level.ToWireName())));

    public async Task<OpResult> IncrementAsync(string key, int loop)
    {
        try
        {
            var (status, current) = await SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, KeyUri(key, loop, "?consistency=serial")));
            if (status is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
            {
                return OpResult.Error($"http-{(int)status}");
            }

            for (var attempt = 1; attempt <= IKeyValueDriver.MaxIncrementAttempts; attempt++)
            {
                // A GET's 200 and a PUT's 412 both carry the key as it is; no version means absent.
                var version = current.ValueKind == JsonValueKind.Object && current.TryGetProperty("version", out var v) ? v.GetString() : null;
                var count = version is not null && current.GetProperty("value") is { ValueKind: JsonValueKind.Number } n ? n.GetInt64() : 0;
                var condition = version is null ? "\"if_absent\":true" : $"\"if_version\":{JsonSerializer.Serialize(version)}";
                (status, current) = await SendForJsonAsync(new HttpRequestMessage(HttpMethod.Put, KeyUri(key, loop, ""))
                {
                    Content = new StringContent($"{{\"value\":{count + 1},{condition}}}", Encoding.UTF8, "application/json"),
                });
                if (status != HttpStatusCode.PreconditionFailed)
                {
                    return status == HttpStatusCode.OK ? OpResult.Ok : OpResult.Error($"http-{(int)status}");
                }
            }

            return OpResult.Error("condition-failed-every-attempt");
        }
        catch (TaskCanceledException)
        {
            return OpResult.Error("timeout");
        }
        catch (HttpRequestException e)
        {
            return OpResult.Error($"http-{e.HttpRequestError}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private Uri KeyUri(string key, int loop, string query) =>
        new(_targets[loop % _targets.Length], "keys/" + Uri.EscapeDataString(key) + query);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendForJsonAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead))
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode, body.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
                ? JsonDocument.Parse(body).RootElement.Clone()
                : default);
        }
    }

    private async Task<OpResult> SendAsync(HttpRequestMessage request)
    {
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead))
            {
                return response.StatusCode switch
                {
                    HttpStatusCode.OK => OpResult.Ok,
                    HttpStatusCode.NotFound => OpResult.NotFound,
                    var status => OpResult.Error($"http-{(int)status}"),
                };
            }
        }
        catch (TaskCanceledException)
        {
            return OpResult.Error("timeout");
        }
        catch (HttpRequestException e)
        {
            var socket = e.InnerException as SocketException;
            return OpResult.Error(socket is null ? $"http-{e.HttpRequestError}" : $"socket-{socket.SocketErrorCode}");
        }
    }
}
