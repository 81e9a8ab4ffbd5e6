using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>A local cluster of real node processes sharing one fresh data directory.</summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];

    private ProcessCluster(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public IReadOnlyList<TestNode> Nodes => _nodes;

    public TestNode this[int number] => Nodes[number - 1];

    /// <param name="nodes">How many node processes.</param>
    /// <param name="extraArguments">Appended to every node's command line (e.g. --postgres CONN).</param>
    public static async Task<ProcessCluster> StartAsync(int nodes = 3, params string[] extraArguments)
    {
        var cluster = CreateEmpty();
        for (var k = 1; k <= nodes; k++)
        {
            cluster.Add(new TestNode(k, cluster.DataDirectory, extraArguments)).Start();
        }

        try
        {
            await cluster.WaitUntilAllSeeAllUpAsync();

            // Nodes join the ring one at a time: a test starts once the last join has settled.
            await RingProbe.WaitUntilSettledAsync(cluster[1], cluster.Nodes.Select(n => n.NodeId));
            return cluster;
        }
        catch
        {
            // The caller never gets the cluster to dispose: its processes must not outlive the test.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh data directory and no nodes yet: the caller adds them (e.g. nodes in network namespaces), numbered from 1.</summary>
    public static ProcessCluster CreateEmpty()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        return new ProcessCluster(dataDirectory);
    }

    /// <summary>Adds a node (not started); the cluster kills it on dispose.</summary>
    public TestNode Add(TestNode node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Every running node is ready and sees every running node as up.</summary>
    public async Task WaitUntilAllSeeAllUpAsync()
    {
        var running = Nodes.Where(n => n.IsRunning).Select(n => n.NodeId).ToHashSet();
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            await Poll.UntilAsync(node.IsReadyAsync, $"{node.NodeId} to be ready", TimeSpan.FromSeconds(60));
            await Poll.UntilAsync(
                async () => running.IsSubsetOf(await UpNodesSeenByAsync(node)),
                $"{node.NodeId} to see {string.Join(",", running)} up", TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Waits until <paramref name="observer"/> sees <paramref name="nodeId"/> as down.</summary>
    public Task WaitUntilSeenDownAsync(TestNode observer, string nodeId) =>
        Poll.UntilAsync(async () => !(await UpNodesSeenByAsync(observer)).Contains(nodeId), $"{observer.NodeId} to see {nodeId} down");

    public static async Task<HashSet<string>> UpNodesSeenByAsync(TestNode node)
    {
        using var ring = await node.Http.GetFromJsonAsync<JsonDocument>("/admin/ring");
        return ring!.RootElement.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("status").GetString() == "up")
            .Select(n => n.GetProperty("node_id").GetString()!)
            .ToHashSet();
    }

    public async Task StopAllAsync() => await Task.WhenAll(Nodes.Select(n => n.StopAsync()));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.DisposeAsync().AsTask()));
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp data is harmless.
        }
    }
}
