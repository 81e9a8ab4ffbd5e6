using System.Diagnostics;
using OrleansKv.Consistency;

namespace OrleansKv.Grains.Telemetry;

/// <summary>
/// The node's own spans, all on one <see cref="ActivitySource"/> named <see cref="SourceName"/>;
/// docs/monitoring.md lists them with their attributes. With nothing listening (tracing off, the
/// default) every Start method returns null after one check of <see cref="ActivitySource.HasListeners"/>,
/// so the hot path pays neither an allocation nor a name. Spans of the grain calls between nodes
/// are Orleans' own (its activity propagation, source <c>Microsoft.Orleans.Runtime</c> for our
/// interfaces, as their namespace starts with "Orleans"): they carry the trace across
/// processes, so a replica call's remote side needs no span of ours.
/// </summary>
public static class KvTracing
{
    public const string SourceName = "OrleansKv";

    /// <summary>The span a coordinated request gets: "kv." and its operation (kv.put, kv.get, kv.delete, kv.list).</summary>
    public const string CoordinatorPrefix = "kv.";

    /// <summary>The span of one call from a coordinator to one replica: "kv.replica." and its operation (kv.replica.apply, kv.replica.read).</summary>
    public const string ReplicaCallPrefix = "kv.replica.";

    public const string ReadRepair = "kv.read_repair";
    public const string Import = "kv.import";
    public const string HintDelivery = "kv.hint.deliver";
    public const string Repair = "kv.repair";
    public const string Streaming = "kv.stream";
    public const string StreamRange = "kv.stream.range";

    private static readonly ActivitySource Source = new(SourceName, typeof(KvTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Whether anything listens: false when tracing is off, and then no span is started.</summary>
    public static bool IsOn => Source.HasListeners();

    /// <summary>A coordinated request, a child of whatever called the coordinator (the HTTP request, or Orleans' server span of a client call).</summary>
    public static Activity? StartCoordinator(string operation, ConsistencyLevel level)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(CoordinatorPrefix + operation, ActivityKind.Internal);
        activity?.SetTag("db.system.name", "orleanskv")
            .SetTag("db.operation.name", operation)
            .SetTag("kv.consistency", KvMetrics.LevelName(level));
        return activity;
    }

    /// <summary>
    /// One call to the replica on <paramref name="node"/>, a child of <paramref name="parent"/>
    /// (the request's span, captured when the fan-out began: a standby call started from a failed
    /// call's continuation must not become that call's child).
    /// </summary>
    public static Activity? StartReplicaCall(string operation, string node, Activity? parent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(ReplicaCallPrefix + operation, ActivityKind.Client, parent?.Context ?? default);
        activity?.SetTag("kv.replica", node).SetTag("kv.operation", operation);
        return activity;
    }

    /// <summary>A span inside the current request (read repair), or a root when none is current.</summary>
    public static Activity? StartStep(string name) =>
        Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Internal) : null;

    /// <summary>
    /// Background work (hint delivery, repair, streaming): a trace of its own, linked to the span
    /// that asked for it (an admin request) if any, so a repair of hours is not counted into a
    /// request of milliseconds.
    /// </summary>
    public static Activity? StartBackground(string name)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var cause = Activity.Current;
        Activity.Current = null;
        try
        {
            return Source.StartActivity(
                name, ActivityKind.Internal, parentContext: default,
                links: cause is null ? null : [new ActivityLink(cause.Context)]);
        }
        finally
        {
            // Restored on this thread only; the new span, when started, is current in its place.
            if (Activity.Current is null)
            {
                Activity.Current = cause;
            }
        }
    }

    /// <summary>Marks the span failed with the exception's type and message, and says how it ended.</summary>
    public static void Failed(Activity? activity, Exception exception, string outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("kv.outcome", outcome);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
