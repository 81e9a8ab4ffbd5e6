namespace OrleansKv.IntegrationTests;

/// <summary>A 3-node cluster shared by tests that never stop a node.</summary>
public sealed class ThreeNodeClusterFixture : IAsyncLifetime
{
    public KeyValueTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await KeyValueTestCluster.StartAsync(3);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
