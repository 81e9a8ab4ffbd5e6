using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Convergence;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.NodeInfo;
using OrleansKv.Grains.Placement;
using OrleansKv.Grains.Rebalancing;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Snapshots;
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
    /// The section, below <see cref="ConfigurationSection"/>, of switches kept for A/B runs and
    /// tests, not for production: each defaults to the production behaviour.
    /// </summary>
    public const string ExperimentalSection = "Experimental";

    /// <summary>
    /// Registers the node's storage, ring view, clock, coordinator services and placement. Options
    /// bind from the <see cref="ConfigurationSection"/> section and are validated at start-up.
    /// </summary>
    public static ISiloBuilder AddKeyValueNode(this ISiloBuilder silo)
    {
        var services = silo.Services;
        Bind<RingOptions, RingOptionsValidator>(services, "Ring");
        Bind<ReplicationOptions, ReplicationOptionsValidator>(services, "Replication");
        Bind<RequestLimitsOptions, RequestLimitsOptionsValidator>(services, "Limits");
        Bind<StorageOptions, StorageOptionsValidator>(services, "Storage");
        services.AddSingleton<IValidateOptions<StorageOptions>>(sp => new RetiredSettings(sp.GetService<IConfiguration>()));
        Bind<NodeEndpointsOptions>(services, "Endpoints");
        Bind<HintedHandoffOptions, HintedHandoffOptionsValidator>(services, "HintedHandoff");
        Bind<ReadRepairOptions, ReadRepairOptionsValidator>(services, "ReadRepair");
        Bind<AntiEntropyOptions, AntiEntropyOptionsValidator>(services, "AntiEntropy");
        Bind<ClockOptions, ClockOptionsValidator>(services, "Clock");
        Bind<TombstoneOptions, TombstoneOptionsValidator>(services, "Tombstones");
        Bind<PaxosOptions, PaxosOptionsValidator>(services, "Paxos");
        Bind<ExperimentalStorageOptions>(services, ExperimentalSection);
        Bind<ExperimentalReplicationOptions>(services, ExperimentalSection);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new NodeMetadataStore(sp.GetRequiredService<NodeDatabase>()));
        services.TryAddSingleton(sp => new HybridLogicalClock(
            NodeWallClock(sp), sp.GetRequiredService<NodeMetadataStore>(), sp.GetRequiredService<IOptions<ClockOptions>>().Value));
        services.AddSingleton(sp => new ClockFence(
            sp.GetRequiredService<IOptions<ClockOptions>>(), NodeWallClock(sp),
            sp.GetRequiredService<ILocalSiloDetails>().Name, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ClockFence>>()));
        services.AddSingleton<ClockDriftGuard>();
        services.AddHostedService<ClockOffsetProbe>();
        services.AddSingleton<NodeStartTime>();
        // The host says where the ring record lives (IRingStore: SQLite or PostgreSQL next to membership).
        services.AddSingleton<RingFollower>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RingFollower>());
        services.AddSingleton<ClusterView>();
        // Jobs: the host starts the silo before them and stops them before the silo (Orleans
        // registers its own hosted service first), so no job outlives the grains or the store it uses.
        AddJob<RangeStreamer>(services);
        AddJob<OwnershipCleanup>(services);
        services.AddSingleton<BootstrapMembers>();
        AddJob<RingChangeDriver>(services);
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RingAdmission>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, LostDataCheck>();
        services.AddMetrics();
        services.AddSingleton<KvMetrics>();
        services.AddHostedService<NodeStateGauges>();
        services.AddHostedService<ConvergenceGauges>();
        services.AddHostedService<MembershipEventLog>();
        services.AddSingleton<ReplicaInspector>();
        services.AddSingleton<ReplicaDirectory>();
        services.AddSingleton<ReplicaFanout>();
        services.AddSingleton<LocalReplica>();
        services.AddSingleton(sp => new ReplicaReadiness(
            sp.GetRequiredService<NodeMetadataStore>(), sp.GetRequiredService<IOptions<TombstoneOptions>>(), NodeWallClock(sp),
            sp.GetRequiredService<ILocalSiloDetails>().Name, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ReplicaReadiness>>()));
        services.AddSingleton<HintStore>();
        services.AddSingleton<HintRecorder>();
        AddJob<HintDelivery>(services);
        AddJob<ReadRepair>(services);
        AddJob<RepairService>(services);
        services.AddHostedService<AntiEntropySchedule>();
        AddJob<TombstoneCollector>(services);
        AddJob<PaxosStateCollector>(services);
        services.AddHostedService<LastAliveHeartbeat>();
        services.AddSingleton<RequestValidator>();
        services.AddSingleton<PaxosProposer>();
        services.AddSingleton<RequestCoordinator>();
        services.AddSingleton<KeyLister>();
        services.AddSingleton<KeyImporter>();
        services.AddSingleton<RingViews>();
        services.AddSingleton(sp => NodeDatabase.Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<ExperimentalStorageOptions>>().Value,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<NodeDatabase>>()));
        services.AddSingleton(sp => new PaxosStore(
            sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PaxosOptions>>().Value.StateGrace));
        services.AddSingleton<IStoreCheckpoints>(sp => sp.GetRequiredService<NodeDatabase>());
        AddJob<SnapshotService>(services);
        services.AddSingleton<SnapshotCoordinator>();
        services.AddSingleton<IKeyValueStore>(sp => new RocksDbKeyValueStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<StorageOpener>();
        silo.AddPlacementDirector<NodePinnedPlacement, NodePinnedPlacementDirector>();
        return silo;
    }

    /// <summary>The node's wall clock, off by <see cref="ClockOptions.TestOffset"/> (zero but in fault-injection tests).</summary>
    private static TimeProvider NodeWallClock(IServiceProvider sp) =>
        OffsetTimeProvider.Apply(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ClockOptions>>().Value.TestOffset);

    /// <summary>A service that others call and that runs background work: one instance, started and stopped by the host.</summary>
    private static void AddJob<T>(IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }

    private static OptionsBuilder<T> Bind<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration($"{ConfigurationSection}:{section}").ValidateOnStart();

    /// <summary>
    /// Binds <typeparamref name="T"/> and checks it at start-up with its own validator, declared
    /// beside it. Range rules are written as <c>IValidatableObject</c> on the class, not as
    /// <c>[Range]</c>: the generator's copy of RangeAttribute drops ErrorMessage
    /// (dotnet/runtime#123137), and every message must name the full setting.
    /// </summary>
    private static void Bind<T, TValidator>(IServiceCollection services, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        Bind<T>(services, section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
    }
}
