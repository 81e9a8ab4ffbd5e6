using OrleansKv.Consistency;

namespace OrleansKv.Client.Caching;

/// <summary>Settings of <see cref="OrleansKvDistributedCache"/>.</summary>
public sealed class OrleansKvDistributedCacheOptions
{
    /// <summary>Prefix of every cache key in the store, so cache entries stay apart from other data. Default "cache:".</summary>
    public string KeyPrefix { get; set; } = "cache:";

    /// <summary>
    /// Level of reads. Default <see cref="ConsistencyLevel.Quorum"/>: with quorum writes a read
    /// sees the last write (sessions need that).
    /// </summary>
    public ConsistencyLevel ReadLevel { get; set; } = ConsistencyLevel.Quorum;

    /// <summary>Level of writes, refreshes and removals. Default <see cref="ConsistencyLevel.Quorum"/>.</summary>
    public ConsistencyLevel WriteLevel { get; set; } = ConsistencyLevel.Quorum;

    /// <summary>Sliding expiration of entries set without any expiration. Default none: they never expire.</summary>
    public TimeSpan? DefaultSlidingExpiration { get; set; }
}
