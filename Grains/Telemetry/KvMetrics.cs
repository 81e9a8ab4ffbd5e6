using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.Grains.Telemetry;

/// <summary>
/// The node's own instruments, all on one meter named <see cref="MeterName"/>. Exported at
/// /metrics in Prometheus form, where a dot becomes an underscore, counters gain "_total" and
/// a unit of seconds or bytes gains "_seconds" or "_bytes" (kv.requests is kv_requests_total).
/// Features that add instruments (hints, read repair, anti-entropy) add them here, so the list
/// of what the node measures stays in one file.
/// </summary>
public sealed class KvMetrics
{
    public const string MeterName = "OrleansKv";

    // Seconds. Requests on loopback take 0.2-20 ms; replica timeouts sit at 1 s.
    private static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _replicaCalls;
    private readonly Counter<long> _replicaTimeouts;
    private readonly Histogram<double> _replicaCallDuration;
    private long _requestsCoordinated;

    public KvMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _requests = Meter.CreateCounter<long>(
            "kv.requests", description: "Key requests this node coordinated, by operation, consistency level and outcome.");
        _requestDuration = Meter.CreateHistogram(
            "kv.request.duration", "s", "Time to coordinate a key request, from arrival at the coordinator to its answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _replicaCalls = Meter.CreateCounter<long>(
            "kv.replica.calls", description: "Calls from this node's coordinator to one replica, by target node, operation and outcome.");
        _replicaTimeouts = Meter.CreateCounter<long>(
            "kv.replica.timeouts", description: "Replica calls that got no answer within the replica timeout, by target node.");
        _replicaCallDuration = Meter.CreateHistogram(
            "kv.replica.call.duration", "s", "Time for one replica to answer this node's coordinator, by target node and operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    /// <summary>The meter, for observable instruments registered elsewhere (<see cref="NodeStateGauges"/>).</summary>
    public Meter Meter { get; }

    /// <summary>Key requests this node has coordinated since it started, whatever their outcome.</summary>
    public long RequestsCoordinated => Interlocked.Read(ref _requestsCoordinated);

    /// <summary>
    /// Runs one key request and records it: once, whatever it ends with, and as the coordinator's
    /// span when tracing is on (<see cref="KvTracing.StartCoordinator"/>). <paramref name="outcomeOf"/>
    /// names a successful result's outcome (a read of an absent key is "not_found").
    /// </summary>
    public async Task<T> MeasureAsync<T>(string operation, ConsistencyLevel level, Func<Task<T>> request, Func<T, string>? outcomeOf = null)
    {
        var started = Stopwatch.GetTimestamp();
        string outcome = RequestOutcome.Error;
        using var activity = KvTracing.StartCoordinator(operation, level);
        try
        {
            var result = await request();
            outcome = outcomeOf?.Invoke(result) ?? RequestOutcome.Ok;
            activity?.SetTag("kv.outcome", outcome);
            return result;
        }
        catch (Exception ex)
        {
            outcome = RequestOutcome.Of(ex);
            KvTracing.Failed(activity, ex, outcome);
            throw;
        }
        finally
        {
            var tags = new TagList
            {
                { "operation", operation },
                { "consistency", LevelName(level) },
                { "outcome", outcome },
            };
            Interlocked.Increment(ref _requestsCoordinated);
            _requests.Add(1, tags);
            _requestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>Records one finished replica call.</summary>
    public void ReplicaCall(string node, string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "node", node }, { "operation", operation }, { "outcome", outcome } };
        _replicaCalls.Add(1, tags);
        if (outcome == RequestOutcome.Timeout)
        {
            _replicaTimeouts.Add(1, new KeyValuePair<string, object?>("node", node));
        }
        else
        {
            _replicaCallDuration.Record(elapsed.TotalSeconds, new TagList { { "node", node }, { "operation", operation } });
        }
    }

    // An out-of-range level is refused by the validator; the label must still be bounded.
    internal static string LevelName(ConsistencyLevel level) =>
        Enum.IsDefined(level) ? level.ToWireName() : "invalid";
}

/// <summary>The values of the "outcome" label.</summary>
public static class RequestOutcome
{
    public const string Ok = "ok";
    public const string NotFound = "not_found";
    public const string Invalid = "invalid";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string Error = "error";

    /// <summary>A conditional write whose condition did not hold: an answer, not a failure.</summary>
    public const string ConditionFailed = "condition_failed";

    public static string Of(Exception exception) => exception switch
    {
        InvalidRequestException => Invalid,
        ConditionFailedException => ConditionFailed,
        ConsistencyNotMetException or NodeUnavailableException => Unavailable,
        TimeoutException => Timeout,
        _ => Error,
    };
}

/// <summary>The values of the "operation" label.</summary>
public static class RequestOperation
{
    public const string Put = "put";
    public const string Get = "get";
    public const string Delete = "delete";
    public const string Read = "read";
    public const string Apply = "apply";
    public const string List = "list";
}
