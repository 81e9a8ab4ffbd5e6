using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Real node processes on several simulated hosts: node K runs in namespace K of a
/// <see cref="NamespaceNetwork"/>, alone on its address with the default ports
/// (<c>ip netns exec NS Silo node --node-id K --bind 10.77.S.(10+K) --postgres CONN</c>), and the
/// nodes keep membership in a fresh PostgreSQL database that they reach at the bridge address
/// (so PostgreSQL runs on this host and accepts the test subnet: .ci/postgres.sh sets that up).
/// Disposing kills every node and removes the namespaces, the bridge, the data directory and the
/// database, after a failed test too.
/// </summary>
public sealed class MultiHostCluster : IAsyncDisposable
{
    private readonly TestPostgres _postgres;
    private readonly ProcessCluster _processes = ProcessCluster.CreateEmpty();
    private readonly string[] _extraArguments;

    private MultiHostCluster(NamespaceNetwork network, TestPostgres postgres, string[] extraArguments)
    {
        Network = network;
        _postgres = postgres;
        _extraArguments = extraArguments;
        PostgresConnectionString = postgres.ConnectionStringAt(network.BridgeAddress.ToString());
    }

    public NamespaceNetwork Network { get; }

    /// <summary>The membership database as the nodes reach it: at the bridge address.</summary>
    public string PostgresConnectionString { get; }

    public IReadOnlyList<TestNode> Nodes => _processes.Nodes;

    public TestNode this[int number] => _processes[number];

    /// <summary>Starts <paramref name="nodes"/> nodes, each on its own host, and waits until they form one cluster.</summary>
    /// <param name="extraArguments">Appended to every node's command line.</param>
    public static async Task<MultiHostCluster> StartAsync(int nodes = 3, params string[] extraArguments)
    {
        var network = await NamespaceNetwork.CreateAsync();
        TestPostgres postgres;
        try
        {
            postgres = await TestPostgres.CreateDatabaseAsync();
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        var cluster = new MultiHostCluster(network, postgres, extraArguments);
        try
        {
            for (var k = 1; k <= nodes; k++)
            {
                await cluster.StartNodeAsync();
            }

            await cluster.WaitUntilFormedAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Adds the next host (a new namespace on the bridge) and starts the next node there, in this
    /// cluster. Returns once the process runs; <see cref="WaitUntilFormedAsync"/> waits for it to join.
    /// </summary>
    /// <param name="extraArguments">Appended to this node's command line, after the cluster's own.</param>
    public async Task<TestNode> StartNodeAsync(params string[] extraArguments)
    {
        var number = Nodes.Count + 1;
        await Network.AddHostAsync(number);
        var node = _processes.Add(TestNode.OnAddress(
            number, _processes.DataDirectory, Network.AddressOf(number), Network.ExecPrefix(number),
            ["--postgres", PostgresConnectionString, .. _extraArguments, .. extraArguments]));
        node.Start();
        return node;
    }

    /// <summary>
    /// Every running node is ready, its <c>/admin/ring</c> lists every running node (in state
    /// "normal" where the ring reports states) and its <c>/admin/nodes</c> shows them all up.
    /// Joining is not instant (a node may enter the ring some time after it starts), so this polls.
    /// </summary>
    public async Task WaitUntilFormedAsync(TimeSpan? within = null)
    {
        var running = Nodes.Where(n => n.IsRunning).Select(n => n.NodeId).ToList();
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            await Poll.UntilAsync(node.IsReadyAsync, $"{node.NodeId} to be ready", within ?? TimeSpan.FromSeconds(60));
            await Poll.UntilAsync(
                () => WhyNotFormedAsync(node, running), $"{node.NodeId} to see {string.Join(", ", running)} in the ring and up", within ?? TimeSpan.FromSeconds(60));
        }
    }

    public Task WaitUntilSeenDownAsync(TestNode observer, string nodeId) => _processes.WaitUntilSeenDownAsync(observer, nodeId);

    public async ValueTask DisposeAsync()
    {
        // Nodes first: a namespace with processes in it outlives its deletion.
        try
        {
            await _processes.DisposeAsync();
        }
        finally
        {
            try
            {
                await Network.DisposeAsync();
            }
            finally
            {
                await _postgres.DisposeAsync();
            }
        }
    }

    /// <summary>Null when <paramref name="observer"/> sees the cluster formed; otherwise what it sees.</summary>
    private static async Task<string?> WhyNotFormedAsync(TestNode observer, IReadOnlyList<string> expected)
    {
        using var ring = await observer.Http.GetFromJsonAsync<JsonDocument>("/admin/ring");
        using var nodes = await observer.Http.GetFromJsonAsync<JsonDocument>("/admin/nodes");
        var ringStates = ring!.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(
            n => n.GetProperty("node_id").GetString()!,
            n => n.TryGetProperty("state", out var state) ? state.GetString() : "normal");
        var statuses = nodes!.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(
            n => n.GetProperty("node_id").GetString()!,
            n => n.GetProperty("status").GetString());
        var formed = expected.All(id => ringStates.GetValueOrDefault(id) == "normal" && statuses.GetValueOrDefault(id) == "up");
        return formed
            ? null
            : $"ring of {observer.NodeId}: {string.Join(", ", ringStates.Select(e => $"{e.Key} {e.Value}"))}; " +
              $"its /admin/nodes: {string.Join(", ", statuses.Select(e => $"{e.Key} {e.Value}"))}";
    }
}
