using System.Text.Json;

namespace OrleansKv.Client;

/// <summary>Settings of the embeddable <see cref="KeyValueClient"/>; every request may override the timeout.</summary>
public sealed class KeyValueClientOptions
{
    /// <summary>
    /// Nodes whose coordinators serve this client's requests, in rotation: when one is down or
    /// does not answer in <see cref="AttemptTimeout"/>, the request moves to the next.
    /// Default: node1, node2, node3 (the local cluster).
    /// </summary>
    public List<string> CoordinatorNodes { get; set; } = ["node1", "node2", "node3"];

    /// <summary>
    /// The most one call may take, retries included, unless the call sets its own. Default 8 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The most one coordinator gets before the request moves to the next: what a frozen
    /// coordinator costs a call. Default 2 s (healthy requests take milliseconds). Keep it above
    /// the cluster's <c>Replication:ReplicaTimeout</c> (1 s by default), so that a coordinator
    /// waiting on a slow replica answers for itself (e.g. "consistency not met") first.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Retries after the first attempt, each on the next coordinator. Default 4. The Orleans
    /// client spreads messages over every gateway it knows, so while a frozen node is still
    /// listed as a gateway an attempt through any coordinator may stall on it: more than one
    /// retry per coordinator keeps such requests from failing.
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// How long a coordinator that failed an attempt is skipped by new requests (unless every
    /// coordinator is). Default 10 s: about the time membership takes to declare a frozen node dead.
    /// </summary>
    public TimeSpan CoordinatorQuarantine { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; it doubles (with jitter) for each next one. Default 50 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How the typed overloads without a <c>JsonTypeInfo&lt;T&gt;</c> turn values into JSON.
    /// Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase names), as ASP.NET Core does,
    /// writing non-ASCII text as is, as the HTTP API and the shell store it.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal void Validate()
    {
        if (CoordinatorNodes.Count == 0)
            throw new ArgumentException($"{nameof(KeyValueClientOptions)}.{nameof(CoordinatorNodes)} needs at least one node.");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{nameof(KeyValueClientOptions)}.{nameof(RequestTimeout)} must be positive.");
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{nameof(KeyValueClientOptions)}.{nameof(AttemptTimeout)} must be positive.");
        if (MaxRetries < 0)
            throw new ArgumentException($"{nameof(KeyValueClientOptions)}.{nameof(MaxRetries)} must not be negative.");
    }
}
