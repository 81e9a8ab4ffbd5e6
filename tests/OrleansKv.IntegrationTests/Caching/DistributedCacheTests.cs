using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Client;
using OrleansKv.Client.Hosting;
using OrleansKv.Grains.Time;

namespace OrleansKv.IntegrationTests.Caching;

/// <summary>
/// IDistributedCache conformance of the OrleansKv cache on a real in-process cluster. The cache
/// and the nodes' clocks read one fake clock, so expiry is tested without waiting.
/// </summary>
public sealed class DistributedCacheTests : IAsyncLifetime
{
    private static readonly byte[] Data = [1, 2, 3, 0, 255];
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private KeyValueTestCluster _cluster = null!;
    private ServiceProvider _services = null!;
    private IDistributedCache _cache = null!;

    public async Task InitializeAsync()
    {
        _cluster = await KeyValueTestCluster.StartAsync(3, configure: silo => silo.Services.AddSingleton(new HybridLogicalClock(_time)));
        _services = new ServiceCollection()
            .AddSingleton<IGrainFactory>(_cluster.Client)
            .AddSingleton<TimeProvider>(_time)
            .AddKeyValueClient()
            .AddOrleansKvDistributedCache()
            .BuildServiceProvider();
        _cache = _services.GetRequiredService<IDistributedCache>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Set_get_and_remove_round_trip_the_bytes()
    {
        await _cache.SetAsync("a", Data, new DistributedCacheEntryOptions());

        Assert.Equal(Data, await _cache.GetAsync("a"));
        await _cache.RemoveAsync("a");
        Assert.Null(await _cache.GetAsync("a"));
        Assert.Null(await _cache.GetAsync("never-set"));
    }

    [Fact]
    public void The_synchronous_methods_do_the_same()
    {
        _cache.Set("sync", Data, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        _cache.Refresh("sync");

        Assert.Equal(Data, _cache.Get("sync"));
        _cache.Remove("sync");
        Assert.Null(_cache.Get("sync"));
    }

    [Fact]
    public async Task The_synchronous_methods_return_when_called_on_a_single_threaded_synchronization_context()
    {
        byte[]? read = null;
        byte[]? afterRemove = [];
        var calls = SingleThreadSynchronizationContext.RunAsync(() =>
        {
            _cache.Set("ui", Data, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
            _cache.Refresh("ui");
            read = _cache.Get("ui");
            _cache.Remove("ui");
            afterRemove = _cache.Get("ui");
        });

        // Seven requests (a refresh and a read of a sliding entry each write it back), each bounded
        // by the client's request timeout: calls that have not returned by then never will.
        var bound = 7 * _services.GetRequiredService<KeyValueClient>().Options.RequestTimeout;
        try
        {
            await calls.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The synchronous cache calls on a single-threaded synchronization context had not returned after {bound.TotalSeconds:0} s: they deadlocked.");
        }

        Assert.Equal(Data, read);
        Assert.Null(afterRemove);
    }

    [Fact]
    public async Task An_entry_without_expiry_stays()
    {
        await _cache.SetAsync("forever", Data, new DistributedCacheEntryOptions());

        _time.Advance(TimeSpan.FromDays(365));

        Assert.Equal(Data, await _cache.GetAsync("forever"));
    }

    [Fact]
    public async Task An_absolute_expiry_relative_to_now_ends_the_entry_however_often_it_is_read()
    {
        await _cache.SetAsync("abs", Data, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10) });

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(Data, await _cache.GetAsync("abs"));
        await _cache.RefreshAsync("abs");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await _cache.GetAsync("abs"));
    }

    [Fact]
    public async Task An_absolute_expiry_in_the_past_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _cache.SetAsync(
            "past", Data, new DistributedCacheEntryOptions { AbsoluteExpiration = _time.GetUtcNow().AddSeconds(-1) }));
    }

    [Fact]
    public async Task A_sliding_entry_lives_while_it_is_read_and_expires_when_it_is_not()
    {
        await _cache.SetAsync("slide", Data, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(8));
            Assert.Equal(Data, await _cache.GetAsync("slide"));
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await _cache.GetAsync("slide"));
    }

    [Fact]
    public async Task Refresh_renews_a_sliding_entry_without_reading_it()
    {
        await _cache.SetAsync("refresh", Data, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });

        _time.Advance(TimeSpan.FromSeconds(8));
        await _cache.RefreshAsync("refresh");
        _time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(Data, await _cache.GetAsync("refresh"));
    }

    [Fact]
    public async Task A_sliding_entry_never_outlives_its_absolute_expiry()
    {
        await _cache.SetAsync("capped", Data, new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(10),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(15),
        });

        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(Data, await _cache.GetAsync("capped"));
        _time.Advance(TimeSpan.FromSeconds(7));

        Assert.Null(await _cache.GetAsync("capped"));
    }

    [Fact]
    public async Task The_store_itself_drops_an_expired_entry_for_every_reader()
    {
        await _cache.SetAsync("server", Data, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5) });
        var client = _services.GetRequiredService<KeyValueClient>();

        Assert.NotNull((await client.ReadAsync("cache:server")).Value);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null((await client.ReadAsync("cache:server", new ReadOptions { Level = OrleansKv.Consistency.ConsistencyLevel.All })).Value);
    }
}
