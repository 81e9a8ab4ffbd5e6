using OrleansKv.EndToEndTests.Infrastructure;
using OrleansKv.Consistency;
using OrleansKv.TestSupport.Linearizability;
using OrleansKv.TestSupport.Workloads;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Serial;

/// <summary>
/// Conditional writes on real processes with a replica killed (kill -9) or paused (SIGSTOP for
/// 3 s) halfway: no increment of a shared counter is lost or applied twice, and a history of
/// conditional writes and serial reads on a few keys, recorded meanwhile, is linearizable.
/// </summary>
public sealed class SerialUnderCrashTests(ITestOutputHelper output)
{
    [Fact]
    public Task Eight_clients_lose_no_increment_and_the_history_is_linearizable_with_a_replica_killed_halfway() =>
        RunAsync("kill -9 node3", node => node.KillAsync());

    [Fact]
    public Task Eight_clients_lose_no_increment_and_the_history_is_linearizable_with_a_replica_paused_for_three_seconds_halfway() =>
        RunAsync("SIGSTOP node3 for 3 s", async node =>
        {
            await node.SignalAsync("STOP");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await node.SignalAsync("CONT");
        });

    private async Task RunAsync(string fault, Func<TestNode, Task> inject)
    {
        const int Clients = 8;
        const int Increments = 250;
        await using var cluster = await ProcessCluster.StartAsync(3);
        await using var host = await ClientHost.StartAsync(cluster, o =>
        {
            o.Client.CoordinatorNodes = ["node1", "node2", "node3"];
            o.Client.RequestTimeout = TimeSpan.FromSeconds(15);
            o.Client.MaxRetries = 8;
        });
        var counter = new SharedCounter("serial-counter", (_, _) => host.Client);
        var history = new SerialHistoryRecorder(host.Client, "serial-history-", keys: 3);
        using var stopHistory = new CancellationTokenSource();
        var recording = history.RunAsync(clients: 4, stopHistory.Token);

        var counting = counter.RunAsync(Clients, Increments);
        await Poll.UntilAsync(
            () => Task.FromResult(counting.IsCompleted || counter.Outcomes.AppliedCount >= Clients * Increments / 2),
            "half of the increments before the kill", TimeSpan.FromSeconds(120));
        output.WriteLine($"{fault} after {counter.Outcomes.AppliedCount} increments");
        await inject(cluster[3]);
        var outcomes = await counting.WaitAsync(TimeSpan.FromSeconds(240));
        await stopHistory.CancelAsync();
        await recording.WaitAsync(TimeSpan.FromSeconds(60));

        var final = await host.Client.GetAsync("serial-counter", CounterJson.Default.Counter, new OrleansKv.Client.ReadOptions { Level = ConsistencyLevel.Serial });
        var verdict = LinearizabilityChecker.Check(KeyValueModel.Instance, history.History, input => input.Key, TimeSpan.FromSeconds(60));
        output.WriteLine(
            $"counter {final!.Count}, {outcomes.Unknown} unknown outcomes resolved by serial reads; " +
            $"history: {history.History.Count} operations ({history.History.Count(o => o.Return == HistoryOperation<KeyValueInput, KeyValueOutput>.Never)} unknown): {verdict}");
        outcomes.AssertEveryIncrementAppliedOnce(final, Clients * Increments);
        Assert.Equal(LinearizabilityVerdict.Linearizable, verdict.Verdict);
        Assert.True(history.History.Count(o => o.Output.Outcome != KeyValueOutcome.Unknown) >= 100, "too few operations recorded to mean anything");
    }
}
