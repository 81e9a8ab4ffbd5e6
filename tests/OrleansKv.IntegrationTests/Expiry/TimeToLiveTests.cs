using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Grains.Time;
using OrleansKv.Versioning;

namespace OrleansKv.IntegrationTests.Expiry;

/// <summary>
/// Expiry on a real in-process cluster whose nodes' hybrid logical clocks read one fake clock,
/// so a time to live runs out when the test says, not after a wait.
/// </summary>
public sealed class TimeToLiveTests : IAsyncLifetime
{
    private static readonly ConsistencyLevel[] Levels = [ConsistencyLevel.One, ConsistencyLevel.Quorum, ConsistencyLevel.All];
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private KeyValueTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await KeyValueTestCluster.StartAsync(3, configure: silo => silo.Services.AddSingleton(new HybridLogicalClock(_time)));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_value_with_a_ttl_reads_until_it_expires_and_as_absent_at_every_level_after()
    {
        var client = new KeyValueClient(_cluster.Client, ["node1"]);
        await client.PutAsync("ttl:a", "v", new PutOptions { Ttl = TimeSpan.FromSeconds(60), Level = ConsistencyLevel.All });

        _time.Advance(TimeSpan.FromSeconds(59));
        foreach (var level in Levels)
        {
            var live = await client.GetEntryAsync<string>("ttl:a", new ReadOptions { Level = level });
            Assert.Equal("v", live?.Value);
            Assert.NotNull(live!.ExpiresAt);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        foreach (var level in Levels)
        {
            var expired = await client.ReadAsync("ttl:a", new ReadOptions { Level = level });
            Assert.Null(expired.Value);
            Assert.NotNull(expired.Version);
        }
    }

    [Fact]
    public async Task An_expired_value_hides_the_older_value_of_a_stale_replica_and_a_late_copy_of_it_stays_expired()
    {
        var client = new KeyValueClient(_cluster.Client, ["node2"]);
        var old = await client.PutAsync("ttl:b", "old", new PutOptions { Level = ConsistencyLevel.All });

        // An expiring write that reached node1 and node2 only: node3 still holds "old".
        var now = _time.GetUtcNow();
        var expiring = new VersionedValue(
            new ValueVersion(old.Version.Timestamp + 1, "node1"), "\"new\""u8.ToArray(), now.AddSeconds(5).ToUnixTimeMilliseconds());
        await _cluster.Storage("node1").ApplyAsync("ttl:b", expiring);
        await _cluster.Storage("node2").ApplyAsync("ttl:b", expiring);
        _time.Advance(TimeSpan.FromSeconds(5));

        foreach (var level in new[] { ConsistencyLevel.Quorum, ConsistencyLevel.All })
        {
            var read = await client.ReadAsync("ttl:b", new ReadOptions { Level = level });
            Assert.Null(read.Value);
            Assert.Equal(expiring.Version, read.Version);
        }

        // A hint or a repair that delivers the write late delivers it expired: node3 answers absent too.
        await _cluster.Storage("node3").ApplyAsync("ttl:b", expiring);
        foreach (var level in Levels)
        {
            Assert.Null((await client.ReadAsync("ttl:b", new ReadOptions { Level = level })).Value);
        }
    }

    [Fact]
    public async Task The_expiry_is_the_writes_version_time_plus_the_ttl_on_every_replica()
    {
        var client = new KeyValueClient(_cluster.Client, ["node1"]);

        var put = await client.PutAsync("ttl:e", "v", new PutOptions { Ttl = TimeSpan.FromSeconds(30), Level = ConsistencyLevel.All });

        foreach (var node in _cluster.NodeIds)
        {
            var stored = await _cluster.Storage(node).ReadAsync("ttl:e");
            Assert.Equal(put.Version.WallClock.AddSeconds(30), stored!.ExpiresAt);
        }
    }

    [Fact]
    public async Task Overwriting_an_expiring_value_without_a_ttl_keeps_it_for_good()
    {
        var client = new KeyValueClient(_cluster.Client, ["node3"]);
        await client.PutAsync("ttl:c", 1, new PutOptions { Ttl = TimeSpan.FromSeconds(1) });
        await client.PutAsync("ttl:c", 2);

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(2, await client.GetAsync<int>("ttl:c", new ReadOptions { Level = ConsistencyLevel.Quorum }));
    }

    [Fact]
    public async Task A_ttl_that_is_not_positive_or_beyond_a_century_is_refused()
    {
        var coordinator = _cluster.Client.GetGrain<IRingCoordinatorGrain>("node1");

        await Assert.ThrowsAsync<OrleansKv.Errors.InvalidRequestException>(
            () => coordinator.PutAsync("ttl:d", "1"u8.ToArray(), ConsistencyLevel.Quorum, TimeSpan.Zero));
        await Assert.ThrowsAsync<OrleansKv.Errors.InvalidRequestException>(
            () => coordinator.PutAsync("ttl:d", "1"u8.ToArray(), ConsistencyLevel.Quorum, TimeSpan.MaxValue));
    }
}
