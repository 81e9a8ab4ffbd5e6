using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>
/// Fault injection on five real nodes (RF 3), each on its own simulated host (network
/// namespace), with PostgreSQL membership: clients write and read while a nemesis kills, hangs,
/// wipes, cuts off and skews nodes; afterwards every fault is healed, every node repaired, and
/// the history checked. CI runs about a minute; <c>NEMESIS_SECONDS=3600</c> runs an hour and
/// <c>NEMESIS_SEED=N</c> replays a schedule (the seed is printed).
/// </summary>
public sealed class NemesisTests(ITestOutputHelper output)
{
    private const int Keys = 200;

    [NamespaceFact]
    public async Task Under_one_fault_at_a_time_no_acknowledged_write_is_lost_and_replicas_converge_after_repair()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("NEMESIS_SECONDS"), out var s) ? s : 45;
        var verdict = await RunAsync("default", (nemesis) => nemesis.RunDefaultAsync(TimeSpan.FromSeconds(seconds)));

        Assert.True(verdict.BadAnswers.Count == 0 && verdict.Lost.Count == 0 && verdict.Invented.Count == 0 && verdict.Diverged == 0,
            $"{verdict}\n{verdict.Examples()}");
        Assert.True(verdict.Acknowledged > 100, verdict.ToString());
    }

    [NamespaceFact]
    public async Task With_two_of_three_replicas_down_quorum_fails_cleanly_and_never_lies()
    {
        var verdict = await RunAsync("harsh", nemesis => nemesis.RunHarshAsync(TimeSpan.FromSeconds(8)));

        Assert.True(verdict.BadAnswers.Count == 0 && verdict.Lost.Count == 0 && verdict.Invented.Count == 0 && verdict.Diverged == 0,
            $"{verdict}\n{verdict.Examples()}");
        Assert.True(verdict.FailedCleanly + verdict.Maybe > 0, $"two nodes down should have failed some requests: {verdict}");
    }

    private async Task<Verdict> RunAsync(string schedule, Func<Nemesis, Task> faults)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("NEMESIS_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next(1_000_000);
        output.WriteLine($"nemesis schedule={schedule} seed={seed} (NEMESIS_SEED={seed} replays it)");
        await using var cluster = await MultiHostCluster.StartAsync(5);
        await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(120));
        await RingProbe.WaitUntilSettledAsync(cluster[1], cluster.Nodes.Select(n => n.NodeId));

        var history = new OperationHistory();
        var nemesis = new Nemesis(cluster, new Random(seed), fault => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {fault}"));
        await using (var clients = new NemesisClients(cluster.Nodes, Keys, writers: 4, readers: 4, seed, history))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await faults(nemesis);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await clients.StopAsync();
        }

        // Heal: every node up and formed, every node's ranges repaired against their replicas.
        await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(120));
        foreach (var node in cluster.Nodes)
        {
            await nemesis.RepairAsync(node.Number);
        }

        var final = new Dictionary<string, long?>();
        var diverged = 0;
        for (var i = 0; i < Keys; i++)
        {
            var key = NemesisClients.Key(i);
            var read = await cluster[1 + i % cluster.Nodes.Count].Http.GetJsonAsync($"/keys/{key}?consistency=quorum");
            final[key] = read.Status == HttpStatusCode.OK ? read.Body.GetProperty("value").GetInt64() : null;
            var replicas = await cluster[1].Http.GetJsonAsync($"/admin/replicas/{key}?values=true");
            diverged += replicas.Body.GetProperty("stale_replicas").GetInt32() > 0 ? 1 : 0;
        }

        var verdict = history.Check(final, diverged);
        output.WriteLine($"nemesis seed={seed} schedule={schedule} faults={nemesis.Applied.Count} fences={nemesis.Fences} {verdict}");
        output.WriteLine(verdict.Examples());
        Console.WriteLine($"nemesis seed={seed} schedule={schedule} faults={nemesis.Applied.Count} fences={nemesis.Fences} {verdict}");
        return verdict;
    }
}
