using System.Diagnostics;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Client;

/// <summary><c>AddOrleansKvClient</c> in a generic host, against real node processes.</summary>
public sealed class ClientHostingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_registered_with_one_call_finds_the_local_cluster_and_reconnects_after_a_full_restart()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await using var host = await ClientHost.StartAsync(o => o.DataDirectory = cluster.DataDirectory);
        var before = await host.Client.PutAsync("hosting:k", "before");

        await cluster.StopAllAsync();
        foreach (var node in cluster.Nodes)
        {
            node.Start();
        }

        await cluster.WaitUntilAllSeeAllUpAsync();
        var watch = Stopwatch.StartNew();
        string? read = null;
        await Poll.UntilAsync(
            async () => (read = await host.Client.GetAsync<string>("hosting:k", new ReadOptions { Level = ConsistencyLevel.Quorum })) is not null,
            "the client to read through the restarted cluster", TimeSpan.FromSeconds(60));
        output.WriteLine($"client served again {watch.Elapsed.TotalSeconds:0.0} s after the restarted cluster was up");
        var after = await host.Client.PutAsync("hosting:k", "after");

        Assert.Equal("before", read);
        Assert.True(after.Version.IsNewerThan(before.Version));
    }

    [Fact]
    public async Task A_client_host_without_a_cluster_fails_to_start_with_a_clear_error_within_its_connect_timeout()
    {
        var missing = Path.Combine(Path.GetTempPath(), "orleanskv-nocluster-" + Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ClientHost.StartAsync(o =>
        {
            o.DataDirectory = missing;
            o.ConnectTimeout = TimeSpan.FromSeconds(2);
        }));

        output.WriteLine($"{error.GetType().Name}: {error.Message}");
        Assert.Contains(Path.Combine(missing, "membership.db"), error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }
}
