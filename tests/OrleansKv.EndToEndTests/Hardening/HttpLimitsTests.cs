using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Hardening;

/// <summary>One node (replication factor 1) started with small limits, so each one is easy to cross.</summary>
public sealed class SmallLimitsNodeFixture : IAsyncLifetime
{
    public const int MaxKeyBytes = 16;
    public const int MaxValueBytes = 64;
    public const int MaxRequestHeadersBytes = 4096;

    public ProcessCluster Cluster { get; private set; } = null!;

    public TestNode Node => Cluster[1];

    public async Task InitializeAsync() => Cluster = await ProcessCluster.StartAsync(
        1, "--replication-factor", "1",
        $"--OrleansKv:Limits:MaxKeyBytes={MaxKeyBytes}", $"--OrleansKv:Limits:MaxValueBytes={MaxValueBytes}",
        $"--OrleansKv:Limits:MaxRequestHeadersBytes={MaxRequestHeadersBytes}",
        "--OrleansKv:Limits:MaxConcurrentRequests=1", "--OrleansKv:Limits:MaxQueuedRequests=0");

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Each limit of OrleansKv:Limits, crossed on a live node, answers its documented status.</summary>
public sealed class HttpLimitsTests(SmallLimitsNodeFixture fixture) : IClassFixture<SmallLimitsNodeFixture>
{
    private HttpClient Http => fixture.Node.Http;

    [Fact]
    public async Task A_key_over_MaxKeyBytes_is_a_400_naming_the_limit()
    {
        var fits = await Http.PutAsync("/keys/" + new string('k', SmallLimitsNodeFixture.MaxKeyBytes), """{"value": 1}""");
        var over = await Http.PutAsync("/keys/" + new string('k', SmallLimitsNodeFixture.MaxKeyBytes + 1), """{"value": 1}""");

        Assert.Equal(HttpStatusCode.OK, fits.Status);
        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Contains($"the limit is {SmallLimitsNodeFixture.MaxKeyBytes}", over.Text("error"));
    }

    [Fact]
    public async Task A_value_over_MaxValueBytes_is_a_413_naming_the_limit()
    {
        var over = await Http.PutAsync("/keys/big", $$"""{"value": "{{new string('x', SmallLimitsNodeFixture.MaxValueBytes)}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.Status);
        Assert.Contains($"the limit is {SmallLimitsNodeFixture.MaxValueBytes}", over.Text("error"));
    }

    [Fact]
    public async Task A_body_over_the_limit_derived_from_MaxValueBytes_is_a_413_before_it_is_parsed()
    {
        // 2 x MaxValueBytes + 64 KiB: white space is not a value, but the body is refused by its size.
        var body = """{"value": 1""" + new string(' ', 2 * SmallLimitsNodeFixture.MaxValueBytes + 64 * 1024) + "}";

        var over = await Http.PutAsync("/keys/spaces", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.Status);
        Assert.Contains($"values are limited to {SmallLimitsNodeFixture.MaxValueBytes} bytes", over.Text("error"));
    }

    [Fact]
    public async Task Headers_over_MaxRequestHeadersBytes_are_refused_by_Kestrel_with_a_bare_431()
    {
        var under = await RawAsync($"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: {new string('a', 3000)}\r\nConnection: close\r\n\r\n");
        var over = await RawAsync($"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: {new string('a', 5000)}\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, under?.Status);
        Assert.NotNull(over);
        // Kestrel answers before any of the node's code runs: no body, and no hook to give it one (see docs/http-api.md, Errors).
        Assert.Equal(431, over.Status);
        Assert.Equal("0", over.Header("Content-Length"));
    }

    [Fact]
    public async Task A_request_over_MaxConcurrentRequests_is_a_503_with_a_json_error_while_health_checks_still_pass()
    {
        // The first request holds the only slot: its body is announced, half sent, and the rest held back.
        using var held = new TcpClient();
        await held.ConnectAsync(IPAddress.Loopback, fixture.Node.HttpPort);
        var stream = held.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("PUT /keys/held HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"value\": "));

        RawHttp.Response? refused = null;
        await Poll.UntilAsync(async () =>
        {
            refused = await RawAsync("GET /admin/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return refused?.Status == 503;
        }, "a second request to be refused while the first holds the only slot");
        var ready = await RawAsync("GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync("\"ok\"}"u8.ToArray());
        var heldAnswer = await new StreamReader(stream).ReadToEndAsync();
        var after = await Http.GetJsonAsync("/keys/held");

        Assert.Equal("1", refused!.Header("Retry-After"));
        Assert.StartsWith("application/json", refused.Header("Content-Type"));
        Assert.Contains("MaxConcurrentRequests", refused.BodyText);
        Assert.Equal(200, ready?.Status);
        Assert.StartsWith("HTTP/1.1 200", heldAnswer);
        Assert.Equal("ok", after.Text("value"));
    }

    [Fact]
    public async Task A_limit_out_of_range_stops_the_node_at_start_naming_the_setting()
    {
        await using var cluster = ProcessCluster.CreateEmpty();
        var node = cluster.Add(new TestNode(1, cluster.DataDirectory, "--replication-factor", "1", "--OrleansKv:Limits:MaxRequestHeadersBytes=10"));

        node.Start();
        await Poll.UntilAsync(() => Task.FromResult(!node.IsRunning), "the node to exit", TimeSpan.FromSeconds(60));

        Assert.Equal(2, node.ExitCode);
        Assert.Contains("OrleansKv:Limits:MaxRequestHeadersBytes must be between 1024 and 1048576", node.Output);
    }

    private Task<RawHttp.Response?> RawAsync(string request) =>
        RawHttp.SendAsync(fixture.Node.HttpPort, Encoding.ASCII.GetBytes(request), RawHttp.Delivery.Whole, headRequest: false, TimeSpan.FromSeconds(10));
}
