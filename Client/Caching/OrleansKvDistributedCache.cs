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
/// <para>
/// The synchronous methods block the calling thread: <see cref="IDistributedCache"/> demands
/// them, and a call to the cluster has no synchronous form. Each runs its asynchronous twin on
/// the thread pool and waits for that, so none of its continuations needs the caller's
/// synchronization context (a UI thread, classic ASP.NET), which the wait is holding: they
/// cannot deadlock there. Each request is bounded by the client's timeout
/// (<see cref="KeyValueClientOptions.RequestTimeout"/>); a read or refresh of a sliding entry
/// makes two, the read and the write that renews it. The wait still holds a thread for the
/// whole call: prefer the asynchronous methods.
/// </para>
/// </remarks>
public sealed class OrleansKvDistributedCache(
    KeyValueClient client, IOptions<OrleansKvDistributedCacheOptions> options, TimeProvider time) : IDistributedCache
{
    private readonly OrleansKvDistributedCacheOptions _options = options.Value;

    /// <summary><see cref="GetAsync"/>, blocking the calling thread (see the remarks of the class).</summary>
    public byte[]? Get(string key) => Block(() => GetAsync(key));

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        (await ReadLiveAsync(key, refresh: true, token))?.Data;

    /// <summary><see cref="RefreshAsync"/>, blocking the calling thread (see the remarks of the class).</summary>
    public void Refresh(string key) => Block(() => RefreshAsync(key));

    public Task RefreshAsync(string key, CancellationToken token = default) => ReadLiveAsync(key, refresh: true, token);

    /// <summary><see cref="RemoveAsync"/>, blocking the calling thread (see the remarks of the class).</summary>
    public void Remove(string key) => Block(() => RemoveAsync(key));

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        client.DeleteAsync(StoreKey(key), new WriteOptions { Level = _options.WriteLevel }, token);

    /// <summary><see cref="SetAsync"/>, blocking the calling thread (see the remarks of the class).</summary>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Block(() => SetAsync(key, value, options));

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

    /// <summary>
    /// Waits for <paramref name="call"/> started on the thread pool, where there is no
    /// synchronization context for its awaits to return to; errors come out as the call threw them.
    /// </summary>
    private static T Block<T>(Func<Task<T>> call) => Task.Run(call).GetAwaiter().GetResult();

    /// <inheritdoc cref="Block{T}(Func{Task{T}})"/>
    private static void Block(Func<Task> call) => Task.Run(call).GetAwaiter().GetResult();
}
