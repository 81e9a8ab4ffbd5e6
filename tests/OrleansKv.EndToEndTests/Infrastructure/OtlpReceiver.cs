using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// An OTLP/HTTP trace receiver in the test process (Kestrel on a free loopback port): node
/// processes export to <see cref="Endpoint"/> with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>,
/// and the test reads every span they sent from <see cref="Spans"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<OtlpSpan> _spans = [];

    private OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    /// <summary>The base URL, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> takes it (the exporter appends /v1/traces).</summary>
    public string Endpoint { get; }

    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.MapPost("/v1/traces", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The command-line settings that make a node export its spans here, at once rather than every 5 s.</summary>
    public string[] NodeArguments() =>
    [
        $"--OTEL_EXPORTER_OTLP_ENDPOINT={Endpoint}",
        "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
        "--OTEL_BSP_SCHEDULE_DELAY=100",
    ];

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var spans = OtlpTraceDecoder.Decode(body.GetBuffer().AsMemory(0, (int)body.Length));
        lock (_spans)
        {
            _spans.AddRange(spans);
        }

        // An empty ExportTraceServiceResponse: the exporter counts the batch as delivered.
        return Microsoft.AspNetCore.Http.Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
