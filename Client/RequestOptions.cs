using OrleansKv.Consistency;

namespace OrleansKv.Client;

/// <summary>Per-call settings of a read.</summary>
public sealed record ReadOptions
{
    /// <summary>Replicas that must answer. Default <see cref="ConsistencyLevel.One"/>.</summary>
    public ConsistencyLevel Level { get; init; } = ConsistencyLevel.One;

    /// <summary>The most this call may take, retries included; null uses <see cref="KeyValueClientOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Per-call settings of a put or a delete.</summary>
public record WriteOptions
{
    /// <summary>Replicas that must acknowledge. Default <see cref="ConsistencyLevel.Quorum"/>.</summary>
    public ConsistencyLevel Level { get; init; } = ConsistencyLevel.Quorum;

    /// <summary>The most this call may take, retries included; null uses <see cref="KeyValueClientOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Per-call settings of a put.</summary>
public sealed record PutOptions : WriteOptions
{
    /// <summary>
    /// How long the value lives: from that long after the write it reads as absent at every
    /// level. Null (the default) keeps it until it is overwritten or deleted.
    /// </summary>
    public TimeSpan? Ttl { get; init; }
}

/// <summary>Per-call settings of a listing.</summary>
public sealed record ListOptions
{
    /// <summary>How each token range is read. Default <see cref="ConsistencyLevel.Quorum"/>.</summary>
    public ConsistencyLevel Level { get; init; } = ConsistencyLevel.Quorum;

    /// <summary>Keys asked for per page (1 to 10,000). Default 1,000.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>The most one page may take, retries included; null uses <see cref="KeyValueClientOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}
