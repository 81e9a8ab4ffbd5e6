using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Placement;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Grains.Time;

namespace OrleansKv.Grains.Hosting;

/// <summary>Turns an Orleans silo into an OrleansKv node.</summary>
public static class KeyValueNodeSiloBuilderExtensions
{
    /// <summary>Configuration section holding every OrleansKv setting ("OrleansKv:Ring:ReplicationFactor", ...).</summary>
    public const string ConfigurationSection = "OrleansKv";

    /// <summary>
    /// Registers the node's storage, ring view, clock, coordinator services and placement. Options
    /// bind from the <see cref="ConfigurationSection"/> section and are validated at start-up.
    /// </summary>
    public static ISiloBuilder AddKeyValueNode(this ISiloBuilder silo)
    {
        var services = silo.Services;
        Bind<RingOptions>(services, "Ring")
            .Validate(o => o.VirtualNodesPerNode is >= 1 and <= 4096, "OrleansKv:Ring:VirtualNodesPerNode must be between 1 and 4096.")
            .Validate(o => o.ReplicationFactor is >= 1 and <= 64, "OrleansKv:Ring:ReplicationFactor must be between 1 and 64.");
        Bind<ReplicationOptions>(services, "Replication")
            .Validate(o => o.ReplicaTimeout > TimeSpan.Zero, "OrleansKv:Replication:ReplicaTimeout must be positive.")
            .Validate(o => o.MaxBatchesInFlightPerNode >= 1, "OrleansKv:Replication:MaxBatchesInFlightPerNode must be at least 1.")
            .Validate(o => o.MaxBatchSize >= 1, "OrleansKv:Replication:MaxBatchSize must be at least 1.");
        Bind<RequestLimitsOptions>(services, "Limits")
            .Validate(o => o.MaxKeyBytes >= 1, "OrleansKv:Limits:MaxKeyBytes must be at least 1.")
            .Validate(o => o.MaxValueBytes >= 0, "OrleansKv:Limits:MaxValueBytes must not be negative.");
        Bind<StorageOptions>(services, "Storage")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "OrleansKv:Storage:DataDirectory is required.")
            .Validate(o => o.MaxWriteBatch >= 1, "OrleansKv:Storage:MaxWriteBatch must be at least 1.");
        Bind<NodeEndpointsOptions>(services, "Endpoints");

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HybridLogicalClock>();
        services.AddSingleton<NodeStartTime>();
        services.AddSingleton<ClusterView>();
        services.AddMetrics();
        services.AddSingleton<KvMetrics>();
        services.AddHostedService<NodeStateGauges>();
        services.AddHostedService<MembershipEventLog>();
        services.AddSingleton<ReplicaInspector>();
        services.AddSingleton<Replicas>();
        services.AddSingleton<ReplicaFanout>();
        services.AddSingleton<RequestValidator>();
        services.AddSingleton<RequestCoordinator>();
        services.AddSingleton<IKeyValueStore>(sp => RocksDbKeyValueStore.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<StorageOpener>();
        silo.AddPlacementDirector<NodePinnedPlacement, NodePinnedPlacementDirector>();
        return silo;
    }

    private static OptionsBuilder<T> Bind<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration($"{ConfigurationSection}:{section}").ValidateOnStart();
}
