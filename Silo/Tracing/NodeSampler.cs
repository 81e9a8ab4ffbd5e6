using System.Diagnostics;
using OpenTelemetry.Trace;
using OrleansKv.Contracts;

namespace OrleansKv.Silo.Tracing;

/// <summary>
/// Decides which traces a node starts; a span with a parent follows its parent (parent-based).
/// Orleans makes a span of every grain call once its source is listened to, including the
/// background chatter between nodes (clock probes each second, ring gossip, membership and the
/// grain directory, which share the "Microsoft.Orleans.Runtime" source with our calls): an unparented
/// outgoing grain call, or an incoming one that is not a client's request, starts no trace.
/// What does: HTTP requests, client calls to a coordinator, and the node's own background work.
/// </summary>
public sealed class NodeSampler(double ratio) : Sampler
{
    private const string AspNetCoreRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly string ClientRequest = nameof(IRingCoordinatorGrain) + "/";

    private readonly Sampler _ratio = new TraceIdRatioBasedSampler(ratio);

    public static Sampler Create(double ratio) => new ParentBasedSampler(new NodeSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        StartsTrace(parameters) ? _ratio.ShouldSample(parameters) : new SamplingResult(SamplingDecision.Drop);

    private static bool StartsTrace(in SamplingParameters parameters) => parameters.Kind switch
    {
        ActivityKind.Client => false,
        ActivityKind.Server => parameters.Name == AspNetCoreRequest || parameters.Name.Contains(ClientRequest, StringComparison.Ordinal),
        _ => true,
    };
}
