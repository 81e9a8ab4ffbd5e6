using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;
using OrleansKv.TestSupport.Linearizability;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>
/// Fault injection on five real nodes (RF 3), each on its own simulated host (network
/// namespace), with PostgreSQL membership: clients write and read while a nemesis kills, hangs,
/// wipes, cuts off and skews nodes; afterwards every fault is healed, every node repaired, and
/// the history checked, stale reads included (none is allowed). Beside them, compare-and-set
/// clients do conditional writes and <c>serial</c> reads on a few keys, and the linearizability
/// checker must accept their history (unavailable is fine; a wrong answer never is). CI runs about a minute;
/// <c>NEMESIS_SECONDS=3600</c> runs an hour and <c>NEMESIS_SEED=N</c> replays a schedule (the
/// seed is printed).
/// </summary>
public sealed class NemesisTests(ITestOutputHelper output)
{
    private const int Keys = 200;
    private const int CasKeys = 4;

    // The search is exponential in the worst case; far more than a minute's history needs.
    private static readonly TimeSpan CheckerTimeout = TimeSpan.FromSeconds(120);

    [NamespaceFact]
    public async Task Under_one_fault_at_a_time_no_acknowledged_write_is_lost_and_replicas_converge_after_repair()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("NEMESIS_SECONDS"), out var s) ? s : 45;
        await RunAsync(
            "default",
            nemesis => nemesis.RunDefaultAsync(TimeSpan.FromSeconds(seconds)),
            verdict => verdict.Acknowledged > 100 ? null : "too few writes were acknowledged to check anything",
            cas => cas.Completed >= 50 ? null : "too few conditional writes and serial reads were answered to check anything");
    }

    [NamespaceFact]
    public async Task With_two_of_three_replicas_down_quorum_fails_cleanly_and_never_lies()
    {
        await RunAsync(
            "harsh",
            nemesis => nemesis.RunHarshAsync(TimeSpan.FromSeconds(8)),
            verdict => verdict.FailedCleanly + verdict.Maybe > 0 ? null : "two nodes down should have failed some requests",
            _ => null);
    }

    /// <summary>
    /// Runs the schedule, heals, repairs and checks the history: no bad answer, no lost, invented
    /// or stale read, no diverged replica, a linearizable compare-and-set history, nor what
    /// <paramref name="unmet"/> and <paramref name="casUnmet"/> find. On any failure every node's
    /// output and the history are kept under TestResults/ (<see cref="NemesisRecord"/>).
    /// </summary>
    private async Task RunAsync(string schedule, Func<Nemesis, Task> faults, Func<Verdict, string?> unmet, Func<CasVerdict, string?> casUnmet)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("NEMESIS_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next(1_000_000);
        var record = new NemesisRecord(schedule, seed);
        void Log(string line)
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            record.Log(line);
        }

        Log($"nemesis schedule={schedule} seed={seed} (NEMESIS_SEED={seed} replays it)");
        await using var cluster = await MultiHostCluster.StartAsync(5);
        var history = new OperationHistory();
        Verdict verdict;
        CasVerdict cas;
        string? why;
        try
        {
            (verdict, cas) = await RunAndCheckAsync(cluster, faults, history, seed, Log);
            why = !verdict.Holds ? "the history does not hold"
                : cas.Why() ?? unmet(verdict) ?? casUnmet(cas);
        }
        catch (Exception ex)
        {
            var kept = record.Keep(cluster.Nodes, history, $"failed: {ex}");
            throw new InvalidOperationException($"The nemesis run (seed {seed}) failed: {ex.Message} Every node's output and the history are in {kept}", ex);
        }

        if (why is not null)
        {
            var kept = record.Keep(cluster.Nodes, history, $"{why}: {verdict}\n{verdict.Examples()}\n{cas}");
            Assert.Fail($"{why}: {verdict}\n{verdict.Examples()}\n{cas}\nEvery node's output and the history are in {kept}");
        }
    }

    private static async Task<(Verdict, CasVerdict)> RunAndCheckAsync(MultiHostCluster cluster, Func<Nemesis, Task> faults, OperationHistory history, int seed, Action<string> log)
    {
        await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(120));
        await RingProbe.WaitUntilSettledAsync(cluster[1], cluster.Nodes.Select(n => n.NodeId));

        var nemesis = new Nemesis(cluster, new Random(seed), log);
        await using var casClients = new NemesisCasClients(cluster.Nodes, CasKeys, clients: 3, seed);
        await using (var clients = new NemesisClients(cluster.Nodes, Keys, writers: 4, readers: 4, seed, history))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await faults(nemesis);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Task.WhenAll(clients.StopAsync(), casClients.StopAsync());
        }

        // Heal: every node up and formed (none may have exited by itself: the nemesis restarts
        // only what it stopped), every node's ranges repaired against their replicas.
        nemesis.EnsureNoneExitedByItself();
        log("faults over; waiting for the cluster to form");
        await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(120));
        foreach (var node in cluster.Nodes)
        {
            log($"repairing {node.NodeId}");
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

        nemesis.EnsureNoneExitedByItself();
        var verdict = history.Check(final, diverged);
        var cas = CasVerdict.Check(casClients);
        // Nodes declared dead that came back by themselves (NodeHost's event 8003), for the summary.
        var comebacks = cluster.Nodes.Sum(n => n.Output.Split('\n').Count(line => line.Contains("NodeHost[8003]", StringComparison.Ordinal)));
        log($"nemesis seed={seed} faults={nemesis.Applied.Count} fences={nemesis.Fences} comebacks={comebacks} {verdict} {cas}");
        log(verdict.Examples());
        Console.WriteLine($"nemesis seed={seed} faults={nemesis.Applied.Count} fences={nemesis.Fences} comebacks={comebacks} {verdict} {cas}");
        return (verdict, cas);
    }

    /// <summary>What the linearizability checker found in the compare-and-set history.</summary>
    private sealed record CasVerdict(LinearizabilityResult Result, int Completed, int Unknown, IReadOnlyCollection<string> BadAnswers)
    {
        public static CasVerdict Check(NemesisCasClients clients)
        {
            var history = clients.History;
            var result = LinearizabilityChecker.Check(KeyValueModel.Instance, history, input => input.Key, CheckerTimeout);
            var unknown = history.Count(o => o.Return == HistoryOperation<KeyValueInput, KeyValueOutput>.Never);
            return new CasVerdict(result, history.Count - unknown, unknown, clients.BadAnswers);
        }

        /// <summary>Why the history fails, or null: an answer nobody should get, or no legal order (an unknown verdict too: nothing was shown).</summary>
        public string? Why() =>
            BadAnswers.Count > 0 ? $"{BadAnswers.Count} compare-and-set answers no client should get, e.g. {BadAnswers.First()}"
            : Result.Verdict != LinearizabilityVerdict.Linearizable ? $"the compare-and-set history is not shown linearizable: {Result}"
            : null;

        public override string ToString() => $"cas: {Completed} answered, {Unknown} unknown, {BadAnswers.Count} bad; {Result}";
    }
}
