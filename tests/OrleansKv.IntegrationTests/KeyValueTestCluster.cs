using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansKv.Grains.Hosting;
using OrleansKv.Contracts;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;

namespace OrleansKv.IntegrationTests;

/// <summary>
/// An in-process Orleans cluster of OrleansKv nodes named node1..nodeN, each with its own
/// RocksDB data directory under a fresh temp folder.
/// </summary>
public sealed class KeyValueTestCluster : IAsyncDisposable
{
    private readonly string _root;

    private KeyValueTestCluster(InProcessTestCluster cluster, string root, InMemoryRingStore ring)
    {
        Cluster = cluster;
        _root = root;
        RingStore = ring;
    }

    /// <summary>The cluster's ring record, shared by its silos.</summary>
    public InMemoryRingStore RingStore { get; }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <param name="configure">Applied to every silo.</param>
    /// <param name="configureNode">Applied to every silo with its node id ("node1", ...), for settings one node differs in.</param>
    public static async Task<KeyValueTestCluster> StartAsync(
        short nodes, int replicationFactor = 3, Action<ISiloBuilder>? configure = null, Action<string, ISiloBuilder>? configureNode = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "orleanskv-it-" + Guid.NewGuid().ToString("N"));
        var builder = new InProcessTestClusterBuilder(nodes);
        var ring = new InMemoryRingStore();
        builder.ConfigureSilo((options, silo) =>
        {
            var nodeId = NodeIdOf(options.SiloName);
            options.SiloName = nodeId;
            silo.AddKeyValueNode();
            silo.Services.AddSingleton<IRingStore>(ring);
            silo.Services.Configure<StorageOptions>(o => o.DataDirectory = Path.Combine(root, nodeId));
            silo.Services.Configure<Grains.Ring.RingOptions>(o => o.ReplicationFactor = replicationFactor);
            configure?.Invoke(silo);
            configureNode?.Invoke(nodeId, silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var started = new KeyValueTestCluster(cluster, root, ring);

        // Nodes enter the ring one at a time: wait until every one owns its ranges and the ring has settled.
        await Poll.UntilAsync(
            async () =>
            {
                var record = await started.Client.GetGrain<IRingMemberGrain>("node1").GetRecordAsync();
                return !record.ChangeInProgress && record.Members.Count(m => m.State == RingMemberState.Normal) == nodes;
            },
            "every node to join the ring");
        return started;
    }

    /// <summary>The test host names silos "Silo_0", "Silo_1", ... (older hosts: "Primary", "Secondary_1"); we name them node1, node2, ...</summary>
    private static string NodeIdOf(string siloName)
    {
        if (siloName == "Primary")
        {
            return "node1";
        }

        var digits = new string(siloName.Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray());
        return "node" + (int.Parse(digits) + 1);
    }

    public IRingCoordinatorGrain Coordinator(string nodeId) => Client.GetGrain<IRingCoordinatorGrain>(nodeId);

    public IStorageGrain Storage(string nodeId) => Client.GetGrain<IStorageGrain>(nodeId);

    public INodeInfoGrain NodeInfo(string nodeId) => Client.GetGrain<INodeInfoGrain>(nodeId);

    /// <summary>A service of one node's silo (its store, hint store, repair service...).</summary>
    public T Service<T>(string nodeId)
        where T : notnull =>
        Cluster.Silos.Single(s => s.ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name == nodeId).ServiceProvider.GetRequiredService<T>();

    public IReadOnlyList<string> NodeIds =>
        Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name).Order().ToList();

    /// <summary>Stops one node gracefully and waits until the survivors see it as down.</summary>
    public async Task StopNodeAsync(string nodeId)
    {
        var silo = Cluster.Silos.Single(s => s.ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name == nodeId);
        await Cluster.StopSiloAsync(silo);
        await Poll.UntilAsync(
            async () => (await Coordinator(NodeIds[0]).GetRingAsync()).Nodes.Single(n => n.NodeId == nodeId).IsUp == false,
            $"the survivors to see {nodeId} as down");
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp data is harmless.
        }
    }
}
