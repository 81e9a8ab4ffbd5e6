using System.Diagnostics;
using System.Net;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>
/// Traces across real node processes: the nodes export by OTLP/HTTP to a receiver in the test,
/// and the test follows one request by span ids, not by timing.
/// </summary>
public sealed class TracingTests
{
    private const string Coordinator = "kv.put";
    private const string ReplicaCall = "kv.replica.apply";
    // Orleans files calls on interfaces in a namespace starting with "Orleans" (OrleansKv.Contracts) under its runtime source.
    private const string OrleansGrainCalls = "Microsoft.Orleans.Runtime";

    [Fact]
    public async Task A_quorum_PUT_is_one_trace_from_the_HTTP_span_on_node1_through_the_coordinator_and_each_replica_call_to_the_replica_side_spans_on_the_other_nodes()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await ProcessCluster.StartAsync(3, receiver.NodeArguments());

        // The caller's own trace context: every span of the request must join this trace.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/keys/traced")
        {
            Content = new StringContent("""{"value": "followed", "consistency": "quorum"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await cluster[1].Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A quorum write answers after two replicas; the third replica's spans arrive later.
        await Poll.UntilAsync(
            () => Task.FromResult(Incomplete(receiver.Spans.Where(s => s.TraceId == traceId).ToList())),
            "the spans of the PUT from all three nodes", TimeSpan.FromSeconds(30));

        var spans = receiver.Spans.Where(s => s.TraceId == traceId).ToList();
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

    /// <summary>What is still missing of the PUT's trace, or null when every node's part has arrived.</summary>
    private static string? Incomplete(List<OtlpSpan> spans)
    {
        var served = spans.Where(IsStorageCallServed).Select(s => s.Node).ToHashSet();
        var complete = served.SetEquals(["node2", "node3"]) && spans.Count(s => s.Name == ReplicaCall) == 3 && spans.Any(s => s.Name == Coordinator);
        return complete ? null : $"{spans.Count} spans: {string.Join("; ", spans)}";
    }

    /// <summary>A replica's side of a storage grain call (the node's own replica is called in process, without one).</summary>
    private static bool IsStorageCallServed(OtlpSpan span) => span.Kind == OtlpSpan.Server && span.Name.Contains("IStorageGrain", StringComparison.Ordinal);
}
