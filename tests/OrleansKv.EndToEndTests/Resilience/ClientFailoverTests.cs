using System.Diagnostics;
using OrleansKv.Client;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>
/// The embedded client under a frozen coordinator (SIGSTOP: sockets open, nothing answers): it
/// must leave that coordinator after its attempt timeout and carry on through the next, not hang.
/// </summary>
public sealed class ClientFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_running_client_fails_over_from_a_frozen_coordinator_within_a_few_attempt_timeouts()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        // As a service on the local cluster connects by default: through the membership file.
        await using var host = await ClientHost.StartAsync(o =>
        {
            o.DataDirectory = cluster.DataDirectory;
            o.Client.CoordinatorNodes = ["node1", "node2", "node3"];
            o.Client.MaxRetries = 8;
            o.Client.RequestTimeout = TimeSpan.FromSeconds(15);
        });
        var client = host.Client;
        await client.PutAsync("failover:warm", 0);

        using var stop = new CancellationTokenSource();
        var latencies = new List<(TimeSpan Started, TimeSpan Took, string Coordinator)>();
        var failures = new List<Exception>();
        var clock = Stopwatch.StartNew();
        var load = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = clock.Elapsed;
                try
                {
                    var result = await client.PutAsync($"failover:{i % 50}", i);
                    lock (latencies) latencies.Add((started, clock.Elapsed - started, result.CoordinatorNode));
                }
                catch (Exception e)
                {
                    lock (latencies) failures.Add(e);
                }
            }
        });

        await Poll.UntilAsync(() => Task.FromResult(Count(latencies) >= 20), "the client's first 20 writes before the freeze");
        var frozenAt = clock.Elapsed;
        await cluster[1].SignalAsync("STOP");
        try
        {
            await Poll.UntilAsync(
                () => Task.FromResult(Snapshot(latencies).Count(l => l.Started > frozenAt) >= 100),
                "100 writes after node1 froze", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stop.CancelAsync();
            await cluster[1].SignalAsync("CONT");
            await load;
        }

        var after = Snapshot(latencies).Where(l => l.Started + l.Took > frozenAt).ToList();
        var stall = after.Max(l => l.Took);
        var typical = after.Select(l => l.Took.TotalMilliseconds).Order().ToList();
        output.WriteLine(
            $"stall after SIGSTOP of the coordinator: {stall.TotalMilliseconds:0} ms (longest single write); " +
            $"{typical.Count} writes after the freeze through {string.Join(",", after.Select(l => l.Coordinator).Distinct())}, " +
            $"median {typical[typical.Count / 2]:0.0} ms, {typical.Count(t => t > 500)} over 500 ms; failures: {failures.Count}");
        Assert.Empty(failures);
        // One attempt timeout on the frozen coordinator; another when the retry's message is routed
        // through the frozen node's gateway (the Orleans client spreads messages over every gateway
        // until membership declares the node dead). Three in a row is the bound asserted.
        new TimingBound("3 × Client:AttemptTimeout", 3 * host.Client.Options.AttemptTimeout, TimeSpan.FromSeconds(1), "the retries' backoff (Client:RetryDelay, 50 ms doubling) and the write itself")
            .Check(stall, "the longest write after the coordinator froze");
    }

    private static int Count<T>(List<T> list)
    {
        lock (list) return list.Count;
    }

    private static List<T> Snapshot<T>(List<T> list)
    {
        lock (list) return [.. list];
    }
}
