namespace OrleansKv.Api.Metrics;

/// <summary>The Prometheus endpoint ("OrleansKv:Metrics").</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// How long a scrape's answer is reused for the next scrapes, in milliseconds. Default 0:
    /// every scrape reads the instruments afresh, so counters are exact at any moment; raise it
    /// only if many scrapers hit one node.
    /// </summary>
    public int ScrapeResponseCacheMilliseconds { get; set; }

    /// <summary>
    /// Export Orleans' own meter (<c>orleans_*</c>: messaging, catalog, membership). Orleans then
    /// records every message it sends and receives, a cost on every replica call. Default true.
    /// </summary>
    public bool IncludeOrleans { get; set; } = true;
}
