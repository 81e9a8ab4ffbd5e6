using OrleansKv.EndToEndTests.Infrastructure;
using static OrleansKv.EndToEndTests.Convergence.ConvergenceCluster;

namespace OrleansKv.EndToEndTests.MultiHost;

/// <summary>
/// Three nodes on three simulated hosts (network namespaces on a bridge, each node alone on its
/// address) with membership in PostgreSQL: everything between them, and between them and this
/// host, crosses a network.
/// </summary>
public sealed class NamespaceClusterTests
{
    [NamespaceFact]
    public async Task Three_hosts_form_one_cluster_serve_quorum_through_any_node_survive_kill_9_and_catch_the_restarted_node_up()
    {
        await using var cluster = await MultiHostCluster.StartAsync(3);
        foreach (var node in cluster.Nodes)
        {
            await AssertRunsAloneOnItsAddressAsync(cluster, node);
        }

        var keys = Enumerable.Range(0, 300).Select(i => $"mh-{i}").ToList();
        await Task.WhenAll(cluster.Nodes.Select(node => WriteAsync(node, keys.Where((_, i) => i % 3 == node.Number - 1))));
        foreach (var node in cluster.Nodes)
        {
            Assert.Empty(await MissingAsync(node, keys, "quorum"));
        }

        // The Orleans client on this host reaches the cluster through node2's gateway in its namespace.
        var shell = await ProcessRun.RunAsync(SiloBinary.ShellStartInfo(
            ["--gateway", $"{cluster[2].Address}:{cluster[2].GatewayPort}", "--node", "2", "-c", "get mh-7 quorum"]));
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Contains("mh-7 = \"value of mh-7\"", shell.Output);

        await cluster[3].KillAsync();
        Assert.Empty(await cluster.Network.ProcessesInAsync(3));
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");
        await cluster.WaitUntilSeenDownAsync(cluster[2], "node3");
        Assert.Empty(await MissingAsync(cluster[1], keys, "quorum"));
        Assert.Empty(await MissingAsync(cluster[2], keys, "quorum"));
        var missed = Enumerable.Range(0, 100).Select(i => $"mh-missed-{i}").ToList();
        await Task.WhenAll(WriteAsync(cluster[1], missed.Take(50)), WriteAsync(cluster[2], missed.Skip(50)));

        cluster[3].Start();
        await cluster.WaitUntilFormedAsync();
        await WaitUntilCurrentAsync(cluster[1], "node3", missed);
        Assert.Empty(await MissingAsync(cluster[3], [.. keys, .. missed], "all"));
    }

    [NamespaceFact]
    public async Task A_node_on_a_fourth_host_joins_by_streaming_under_quorum_load_and_the_ring_keeps_exactly_three_copies()
    {
        const int keys = 2_000;
        await using var cluster = await MultiHostCluster.StartAsync(3);
        var serving = cluster.Nodes.ToArray();
        await using var load = await QuorumLoad.StartAsync(keys, () => Volatile.Read(ref serving));

        var node4 = await cluster.StartNodeAsync();
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3", "node4"]);
        Volatile.Write(ref serving, [.. serving, node4]);
        var writesBefore = load.Writes;
        await Poll.UntilAsync(() => Task.FromResult(load.Writes > writesBefore + 100), "100 more writes after the join", TimeSpan.FromSeconds(60));
        await load.StopAsync();

        Assert.True(load.Problems.IsEmpty, $"{load.Problems.Count} problems, e.g.:\n{string.Join("\n", load.Problems.Take(10))}");
        await RingProbe.WaitUntilCopiesAsync(cluster.Nodes, 3L * keys);
        var streaming = RingProbe.Streaming(await node4.Http.GetJsonAsync("/admin/status"));
        Assert.Equal("join", streaming.GetProperty("change").GetString());
        Assert.True(streaming.GetProperty("keys").GetInt64() > keys / 2, streaming.ToString());
    }

    /// <summary>
    /// The node's process id is the node itself, in its own namespace (so kill -9 kills the node,
    /// not an `ip netns exec` wrapper), and it listens on its own address only: inside its
    /// namespace, 127.0.0.1 on the same port is refused.
    /// </summary>
    private static async Task AssertRunsAloneOnItsAddressAsync(MultiHostCluster cluster, TestNode node)
    {
        Assert.Equal(cluster.Network.NamespaceOf(node.Number), await NamespaceNetwork.NamespaceOfProcessAsync(node.ProcessId));
        var commandLine = (await File.ReadAllTextAsync($"/proc/{node.ProcessId}/cmdline")).Split('\0');
        Assert.Contains("OrleansKv.Silo.dll", string.Join(' ', commandLine));
        Assert.Equal(new[] { node.ProcessId }, await cluster.Network.ProcessesInAsync(node.Number));

        var listening = await cluster.Network.ExecAsync(node.Number, "ss", "-Hltn");
        var locals = listening.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]).Order();
        Assert.Equal(new[] { node.HttpPort, node.SiloPort, node.GatewayPort }.Select(port => $"{node.Address}:{port}").Order(), locals);

        Assert.Equal(0, (await ConnectFromAsync(cluster, node, node.Address.ToString(), node.HttpPort)).ExitCode);
        Assert.NotEqual(0, (await ConnectFromAsync(cluster, node, "127.0.0.1", node.HttpPort)).ExitCode);
    }

    /// <summary>A TCP connect from inside the node's namespace (bash's /dev/tcp: no extra tool needed).</summary>
    private static Task<ProcessRun> ConnectFromAsync(MultiHostCluster cluster, TestNode node, string address, int port) =>
        cluster.Network.ExecAsync(node.Number, "bash", "-c", $"exec 3<>/dev/tcp/{address}/{port}");

    /// <summary>Waits until <paramref name="nodeId"/>'s own copy of every key is current, as <c>/admin/replicas/{key}?values=true</c> (which repairs nothing) shows it.</summary>
    private static async Task WaitUntilCurrentAsync(TestNode observer, string nodeId, IReadOnlyCollection<string> keys)
    {
        var remaining = keys.ToList();
        await Poll.UntilAsync(
            async () =>
            {
                var behind = new List<string>();
                foreach (var key in remaining)
                {
                    var view = await observer.Http.GetJsonAsync($"/admin/replicas/{key}?values=true");
                    var state = view.Body.GetProperty("replicas").EnumerateArray()
                        .Single(r => r.GetProperty("node_id").GetString() == nodeId).GetProperty("state").GetString();
                    if (state != "current")
                    {
                        behind.Add($"{key} {state}");
                    }
                }

                remaining = behind.Select(entry => entry.Split(' ')[0]).ToList();
                return behind.Count == 0 ? null : $"{behind.Count} keys, e.g. {string.Join(", ", behind.Take(3))}";
            },
            $"{nodeId} to hold all {keys.Count} writes it missed (hints and repair)",
            TimeSpan.FromSeconds(30));
    }
}
