using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>
/// Injects faults into a multi-host cluster at random, seeded intervals: kill -9 and restart,
/// SIGSTOP/SIGCONT (a hung process; also one hung until declared dead, which must come back by
/// itself), a lost data directory (restart empty, then repair), a cut
/// of a node's link, a cut between two nodes (both ways, or one way only: nftables), and a wrong clock (a restart with
/// the node's clock seconds ahead or behind, then a restart with it right again: a step back; beyond
/// half the allowed drift the node must fence itself).
/// In the default schedule one node at a time is faulty, so at most one replica of any key is
/// down; the harsh schedule takes two nodes down at once. The nemesis restarts only the nodes it
/// stopped itself: a node the cluster declared dead (after a pause or a cut) must come back by
/// itself, and one that exited on its own fails the run instead of being restarted.
/// </summary>
public sealed class Nemesis(MultiHostCluster cluster, Random random, Action<string> log)
{
    private readonly List<string> _applied = [];
    private int _fences;

    /// <summary>The faults injected, in order, for the summary.</summary>
    public IReadOnlyList<string> Applied => _applied;

    /// <summary>Clock faults beyond half the allowed drift, each of which fenced its node.</summary>
    public int Fences => _fences;

    /// <summary>One fault at a time, each on a random node, until <paramref name="duration"/> has passed; every fault healed before the next.</summary>
    public async Task RunDefaultAsync(TimeSpan duration)
    {
        var faults = new Func<int, Task>[] { KillAndRestartAsync, PauseAsync, LoseDataAsync, CutLinkAsync, CutOneWayAsync, CutPairAsync, SkewClockAsync, PauseUntilDeclaredDeadAsync };
        var end = DateTime.UtcNow + duration;
        var round = 0;
        while (DateTime.UtcNow < end)
        {
            await Task.Delay(Between(500, 2000));

            EnsureNoneExitedByItself();

            // Every kind of fault at least once in a short run, then at random.
            var fault = round < faults.Length ? faults[round] : faults[random.Next(faults.Length)];
            await fault(1 + random.Next(cluster.Nodes.Count));
            round++;
        }
    }

    /// <summary>Two nodes killed at once (some keys lose two of their three replicas), then both restarted.</summary>
    public async Task RunHarshAsync(TimeSpan outage)
    {
        var first = 1 + random.Next(cluster.Nodes.Count);
        var second = 1 + (first + random.Next(cluster.Nodes.Count - 1)) % cluster.Nodes.Count;
        EnsureNoneExitedByItself();
        Record($"kill -9 node{first} and node{second} together for {outage.TotalSeconds:0} s");
        await Task.WhenAll(cluster[first].KillAsync(), cluster[second].KillAsync());
        await Task.Delay(outage);
        cluster[first].Start();
        cluster[second].Start();
        await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(90));
    }

    private async Task KillAndRestartAsync(int node)
    {
        Record($"kill -9 node{node}");
        await cluster[node].KillAsync();
        await Task.Delay(Between(1000, 4000));
        cluster[node].Start();
        await WaitReadyAsync(node);
    }

    private async Task PauseAsync(int node)
    {
        Record($"SIGSTOP node{node}");
        await cluster[node].SignalAsync("STOP");
        await Task.Delay(Between(500, 3000));
        await cluster[node].SignalAsync("CONT");
    }

    /// <summary>
    /// A pause long enough that the cluster declares the node dead: once resumed, it must come
    /// back by itself as a new silo generation within 30 s; the nemesis restarts nothing.
    /// </summary>
    private async Task PauseUntilDeclaredDeadAsync(int node)
    {
        var observer = cluster[node % cluster.Nodes.Count + 1];
        var before = await MembershipProbe.SeenByAsync(observer, $"node{node}");
        Record($"SIGSTOP node{node} until the cluster declares it dead (it must come back by itself)");
        await cluster[node].SignalAsync("STOP");
        try
        {
            await Poll.UntilAsync(
                async () => (await MembershipProbe.SeenByAsync(observer, $"node{node}")).State == "down", $"{observer.NodeId} to declare the frozen node{node} dead", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await cluster[node].SignalAsync("CONT");
        }

        await Poll.UntilAsync(
            async () => await MembershipProbe.SeenByAsync(observer, $"node{node}") is { State: "up" } now && now.Address != before.Address && await cluster[node].IsReadyAsync(),
            $"node{node} to come back by itself as a new silo generation", TimeSpan.FromSeconds(30));
    }

    private async Task LoseDataAsync(int node)
    {
        Record($"node{node} loses its data directory");
        await cluster[node].KillAsync();
        Directory.Delete(cluster[node].NodeDataDirectory, recursive: true);
        cluster[node].Start();
        await WaitReadyAsync(node);
        await RepairAsync(node);
    }

    private async Task CutLinkAsync(int node)
    {
        Record($"node{node} cut off the network");
        await cluster.Network.CutAsync(node);
        await Task.Delay(Between(1000, 4000));
        await cluster.Network.HealAsync(node);
    }

    private async Task CutOneWayAsync(int node)
    {
        var other = 1 + (node + random.Next(cluster.Nodes.Count - 1)) % cluster.Nodes.Count;
        Record($"node{node} stops receiving from node{other}");
        await cluster.Network.BlockAsync(other, node);
        await Task.Delay(Between(1000, 4000));
        await cluster.Network.UnblockAsync(node);
    }

    private async Task CutPairAsync(int node)
    {
        var other = 1 + (node + random.Next(cluster.Nodes.Count - 1)) % cluster.Nodes.Count;
        Record($"node{node} and node{other} cut from each other (both still reach the rest)");
        await cluster.Network.BlockAsync(other, node);
        await cluster.Network.BlockAsync(node, other);
        await Task.Delay(Between(1000, 4000));
        await cluster.Network.UnblockAsync(node);
        await cluster.Network.UnblockAsync(other);
    }

    private async Task SkewClockAsync(int node)
    {
        // Half the time within half of MaxClockDrift (5 s): the node serves on. Otherwise beyond
        // it: a majority outvotes the node's clock and it fences itself until restarted right.
        // Never near the bound itself, where the verdict could go either way.
        var beyond = random.Next(2) == 0;
        var magnitude = beyond ? Between(2800, 4000) : Between(0, 2200);
        var offset = random.Next(2) == 0 ? magnitude : -magnitude;
        Record($"node{node} restarts with its clock {offset.TotalSeconds:+0.0;-0.0} s off{(beyond ? " (beyond half the drift: expect a fence)" : "")}, then again with it right");
        await cluster[node].StopAsync();
        cluster[node].Start($"--OrleansKv:Clock:TestOffset={offset:c}");
        if (beyond)
        {
            await Poll.UntilAsync(async () => await ClockStateAsync(node) == "fenced", $"node{node} to fence itself", TimeSpan.FromSeconds(30));
            _fences++;
            log($"node{node} fenced");
        }
        else
        {
            await WaitReadyAsync(node);
        }

        await Task.Delay(Between(1000, 3000));
        await cluster[node].StopAsync();
        cluster[node].Start();
        await WaitReadyAsync(node);
    }

    private async Task<string?> ClockStateAsync(int node)
    {
        try
        {
            var status = await cluster[node].Http.GetJsonAsync("/admin/status");
            return status.Status == System.Net.HttpStatusCode.OK && status.Body.TryGetProperty("clock_state", out var state) ? state.GetString() : null;
        }
        catch (HttpRequestException)
        {
            return null; // Still starting.
        }
    }

    /// <summary>
    /// Throws when a node process is not running outside a fault of the nemesis: it exited by
    /// itself (an abort when declared dead, say), which the product must not do.
    /// </summary>
    public void EnsureNoneExitedByItself()
    {
        var exited = cluster.Nodes.Where(n => !n.IsRunning).Select(n => $"{n.NodeId} (exit code {n.ExitCode})").ToList();
        if (exited.Count > 0)
        {
            throw new InvalidOperationException($"{string.Join(", ", exited)} exited by itself; the nemesis restarts only the nodes it stopped.");
        }
    }

    /// <summary>Runs anti-entropy repairs of the node's ranges until one completes against every replica.</summary>
    public async Task RepairAsync(int node)
    {
        var observer = cluster[node];
        await Poll.UntilAsync(
            async () =>
            {
                await observer.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/repair"));
                string state;
                do
                {
                    await Task.Delay(200);
                    state = (await observer.Http.GetJsonAsync("/admin/repair")).Text("state");
                }
                while (state == "running");

                return state == "done";
            },
            $"a repair of node{node} to complete", TimeSpan.FromSeconds(180));
    }

    private async Task WaitReadyAsync(int node) =>
        await Poll.UntilAsync(cluster[node].IsReadyAsync, $"node{node} to be ready again", TimeSpan.FromSeconds(90));

    private TimeSpan Between(int fromMs, int toMs) => TimeSpan.FromMilliseconds(fromMs + random.Next(toMs - fromMs));

    private void Record(string fault)
    {
        _applied.Add(fault);
        log(fault);
    }
}
