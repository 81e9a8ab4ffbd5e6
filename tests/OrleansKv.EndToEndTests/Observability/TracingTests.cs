using System.Diagnostics;
using System.Net;
using System.Text;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>
/// Traces across real node processes: the nodes export by OTLP/HTTP to a receiver in the test,
/// and the test follows one request by span ids, not by timing.
/// </summary>
public sealed class TracingTests(TracingTests.TracedCluster traced) : IClassFixture<TracingTests.TracedCluster>
{
    private const string Coordinator = "kv.put";
    private const string ReplicaCall = "kv.replica.apply";

    // Orleans files calls on interfaces in a namespace starting with "Orleans" (OrleansKv.Contracts) under its runtime source.
    private const string OrleansGrainCalls = "Microsoft.Orleans.Runtime";

    [Fact]
    public async Task A_quorum_PUT_is_one_trace_from_the_HTTP_span_on_node1_through_the_coordinator_and_each_replica_call_to_the_replica_side_spans_on_the_other_nodes()
    {
        // The caller's own trace context: every span of the request must join this trace.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/keys/traced")
        {
            Content = new StringContent("""{"value": "followed", "consistency": "quorum"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await traced.Cluster[1].Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A quorum write answers after two replicas; the third replica's spans arrive later.
        var spans = await SpansOfPutAsync(traceId, ["node2", "node3"]);
        var http = Assert.Single(spans, s => s.Kind == OtlpSpan.Server && s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(("node1", callerSpanId), (http.Node, http.ParentSpanId));
        Assert.Equal("PUT /keys/{**key}", http.Name);

        var coordinator = Assert.Single(spans, s => s.Name == Coordinator);
        Assert.Equal(("node1", http.SpanId), (coordinator.Node, coordinator.ParentSpanId));
        Assert.Equal("quorum", coordinator.Attribute("kv.consistency"));
        Assert.Equal("ok", coordinator.Attribute("kv.outcome"));

        var replicaCalls = spans.Where(s => s.Name == ReplicaCall).ToList();
        Assert.All(replicaCalls, call => Assert.Equal(("node1", coordinator.SpanId, OtlpSpan.Client), (call.Node, call.ParentSpanId, call.Kind)));
        Assert.Equal(["node1", "node2", "node3"], replicaCalls.Select(c => c.Attribute("kv.replica")).Order());

        foreach (var replica in new[] { "node2", "node3" })
        {
            // Replica call (node1) → Orleans' client span of the grain call (node1) → its server span on the replica.
            var call = replicaCalls.Single(c => c.Attribute("kv.replica") == replica);
            var grainCall = Assert.Single(spans, s => s.Node == "node1" && s.Kind == OtlpSpan.Client && s.ParentSpanId == call.SpanId);
            Assert.Equal(OrleansGrainCalls, grainCall.Scope);
            var served = Assert.Single(spans, s => s.Node == replica && IsStorageCallServed(s));
            Assert.Equal((OrleansGrainCalls, grainCall.SpanId), (served.Scope, served.ParentSpanId));
        }
    }

    [Fact]
    public async Task A_PUT_from_the_embedded_client_inside_an_application_trace_continues_on_the_coordinator_node()
    {
        using var application = new ActivitySource("OrleansKv.Tests.Application");
        var clientSpans = new List<Activity>();
        using var listener = new ActivityListener
        {
            // What an application's tracer does when it adds Orleans' source: the client's grain calls become spans and carry the trace.
            ShouldListenTo = source => source.Name == application.Name || source.Name == OrleansGrainCalls,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (clientSpans) { clientSpans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await ClientHost.StartAsync(traced.Cluster);

        string traceId;
        using (var operation = application.StartActivity("checkout"))
        {
            traceId = operation!.TraceId.ToHexString();
            await host.Client.PutAsync("traced:client", "from the client", new PutOptions { Level = ConsistencyLevel.Quorum });
        }

        var coordinatorNodes = traced.Cluster.Nodes.Select(n => n.NodeId).ToArray();
        await Poll.UntilAsync(
            () => Task.FromResult(traced.Receiver.Spans.Any(s => s.TraceId == traceId && s.Name == Coordinator) ? null : "no kv.put in the trace yet"),
            "the coordinator's kv.put in the application's trace");
        var spans = traced.Receiver.Spans.Where(s => s.TraceId == traceId).ToList();
        var coordinator = Assert.Single(spans, s => s.Name == Coordinator);
        var served = Assert.Single(spans, s => s.SpanId == coordinator.ParentSpanId);
        Assert.Equal((OtlpSpan.Server, coordinator.Node), (served.Kind, served.Node));
        Assert.Contains("IRingCoordinatorGrain", served.Name);

        // Its parent is the client's own span of that grain call, made in this process.
        Activity[] calls;
        lock (clientSpans)
        {
            calls = [.. clientSpans.Where(a => a.TraceId.ToHexString() == traceId && a.Kind == ActivityKind.Client)];
        }

        Assert.Contains(calls, call => call.SpanId.ToHexString() == served.ParentSpanId);
    }

    /// <summary>Waits until the PUT's spans are in, with the replica side of every remote replica.</summary>
    private async Task<List<OtlpSpan>> SpansOfPutAsync(string traceId, string[] remoteReplicas)
    {
        await Poll.UntilAsync(
            () =>
            {
                var spans = traced.Receiver.Spans.Where(s => s.TraceId == traceId).ToList();
                var served = spans.Where(IsStorageCallServed).Select(s => s.Node).ToHashSet();
                var complete = served.SetEquals(remoteReplicas) && spans.Count(s => s.Name == ReplicaCall) == remoteReplicas.Length + 1
                    && spans.Any(s => s.Name == Coordinator);
                return Task.FromResult(complete ? null : $"{spans.Count} spans: {string.Join("; ", spans)}");
            },
            "the spans of the PUT from all three nodes");
        return [.. traced.Receiver.Spans.Where(s => s.TraceId == traceId)];
    }

    /// <summary>A replica's side of a storage grain call (the node's own replica is called in process, without one).</summary>
    private static bool IsStorageCallServed(OtlpSpan span) => span.Kind == OtlpSpan.Server && span.Name.Contains("IStorageGrain", StringComparison.Ordinal);

    /// <summary>Three node processes that export their spans to one receiver in the test, shared by the tests of this class.</summary>
    public sealed class TracedCluster : IAsyncLifetime
    {
        public OtlpReceiver Receiver { get; private set; } = null!;

        public ProcessCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Receiver = await OtlpReceiver.StartAsync();
            Cluster = await ProcessCluster.StartAsync(3, Receiver.NodeArguments());
        }

        public async Task DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
