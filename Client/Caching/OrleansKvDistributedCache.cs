using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace OrleansKv.Client.Caching;

/// <summary>
/// <see cref="IDistributedCache"/> on an OrleansKv cluster, for ASP.NET Core sessions, output
/// caching and HybridCache. Each entry is one key (<see cref="OrleansKvDistributedCacheOptions.KeyPrefix"/>
/// + the cache key) written with a time to live, so the cluster itself drops it on expiry; the
/// cache also checks the expiry it recorded, with its own <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Sliding expiration: a read (or <see cref="RefreshAsync"/>) rewrites the entry with a renewed
/// time to live, never past its absolute expiration. The store has no conditional write, so a
/// refresh that races with a <see cref="SetAsync"/> of the same key may, by last-writer-wins,
/// put back the value it read; entries are caches, and the next set settles it.
/// </remarks>
public sealed class OrleansKvDistributedCache(
    KeyValueClient client, IOptions<OrleansKvDistributedCacheOptions> options, TimeProvider time) : IDistributedCache
{
    private readonly OrleansKvDistributedCacheOptions _options = options.Value;

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        (await ReadLiveAsync(key, refresh: true, token))?.Data;

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) => ReadLiveAsync(key, refresh: true, token);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        client.DeleteAsync(StoreKey(key), new WriteOptions { Level = _options.WriteLevel }, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = time.GetUtcNow();
        var absolute = options.AbsoluteExpiration ?? (now + options.AbsoluteExpirationRelativeToNow);
        if (absolute <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), absolute, "The absolute expiration value must be in the future.");
        }

        var sliding = options.SlidingExpiration ?? (absolute is null ? _options.DefaultSlidingExpiration : null);
        if (sliding <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), sliding, "The sliding expiration value must be positive.");
        }

        var entry = new CacheEntry(value, null, absolute?.ToUnixTimeMilliseconds(), (long?)sliding?.TotalMilliseconds);
        return WriteAsync(key, entry, now, token);
    }

    /// <summary>The entry if it is live by this cache's clock; renews its sliding window when asked.</summary>
    private async Task<CacheEntry?> ReadLiveAsync(string key, bool refresh, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = await client.GetEntryAsync(StoreKey(key), CacheJsonContext.Default.CacheEntry, new ReadOptions { Level = _options.ReadLevel }, token);
        var now = time.GetUtcNow();
        if (found?.Value is not { } entry || entry.ExpiresAtMs <= now.ToUnixTimeMilliseconds())
        {
            return null;
        }

        if (refresh && entry.SlidingMs is not null)
        {
            await WriteAsync(key, entry, now, token);
        }

        return entry;
    }

    /// <summary>Writes the entry with the expiry its settings give from <paramref name="now"/>.</summary>
    private Task WriteAsync(string key, CacheEntry entry, DateTimeOffset now, CancellationToken token)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        long? expiresAt = entry.SlidingMs is { } sliding ? nowMs + sliding : null;
        if (entry.AbsoluteExpiryMs is { } absolute && (expiresAt is null || absolute < expiresAt))
        {
            expiresAt = absolute;
        }

        var stored = entry with { ExpiresAtMs = expiresAt };
        var ttl = expiresAt is { } at ? TimeSpan.FromMilliseconds(Math.Max(1, at - nowMs)) : (TimeSpan?)null;
        return client.PutAsync(StoreKey(key), stored, CacheJsonContext.Default.CacheEntry, new PutOptions { Level = _options.WriteLevel, Ttl = ttl }, token);
    }

    private string StoreKey(string key) => _options.KeyPrefix + key;
}
