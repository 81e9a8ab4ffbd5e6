namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>A 3-process cluster shared by tests that never stop a node.</summary>
public sealed class ThreeNodeProcessClusterFixture : IAsyncLifetime
{
    public ProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ProcessCluster.StartAsync(3);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
