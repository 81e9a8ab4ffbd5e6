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
            .Validate(o => o.ReplicationFactor is >= 1 and <= 64, "OrleansKv:Ring:ReplicationFactor must be between 1 and 64.")
            .Validate(o => o.RefreshInterval > TimeSpan.Zero, "OrleansKv:Ring:RefreshInterval must be positive.")
            .Validate(o => o.JoinWaitInterval > TimeSpan.Zero, "OrleansKv:Ring:JoinWaitInterval must be positive.")
            .Validate(o => o.StreamBatchEntries >= 1, "OrleansKv:Ring:StreamBatchEntries must be at least 1.")
            .Validate(o => o.StreamBatchBytes >= 1, "OrleansKv:Ring:StreamBatchBytes must be at least 1.")
            .Validate(o => o.StreamParallelRanges >= 1, "OrleansKv:Ring:StreamParallelRanges must be at least 1.")
            .Validate(o => o.ChangeCallTimeout > TimeSpan.Zero, "OrleansKv:Ring:ChangeCallTimeout must be positive.")
            .Validate(o => o.BootstrapWait >= TimeSpan.Zero, "OrleansKv:Ring:BootstrapWait must not be negative (0 turns the wait off).");
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
        Bind<HintedHandoffOptions>(services, "HintedHandoff")
            .Validate(o => o.MaxHintWindow > TimeSpan.Zero, "OrleansKv:HintedHandoff:MaxHintWindow must be positive.")
            .Validate(o => o.RetryInterval > TimeSpan.Zero, "OrleansKv:HintedHandoff:RetryInterval must be positive.")
            .Validate(o => o.DeliveryTimeout > TimeSpan.Zero, "OrleansKv:HintedHandoff:DeliveryTimeout must be positive.")
            .Validate(o => o.DeliveryBatchSize >= 1, "OrleansKv:HintedHandoff:DeliveryBatchSize must be at least 1.")
            .Validate(o => o.MaxConcurrentTargets >= 1, "OrleansKv:HintedHandoff:MaxConcurrentTargets must be at least 1.");
        Bind<ReadRepairOptions>(services, "ReadRepair")
            .Validate(o => o.BackgroundChance is >= 0 and <= 1, "OrleansKv:ReadRepair:BackgroundChance must be between 0 and 1.");
        Bind<AntiEntropyOptions>(services, "AntiEntropy")
            .Validate(o => o.Interval >= TimeSpan.Zero, "OrleansKv:AntiEntropy:Interval must not be negative (0 turns the schedule off).")
            .Validate(o => o.TreeFanout is >= 2 and <= 256, "OrleansKv:AntiEntropy:TreeFanout must be between 2 and 256.")
            .Validate(o => o.LeafKeys >= 1, "OrleansKv:AntiEntropy:LeafKeys must be at least 1.")
            .Validate(o => o.TransferBatchSize >= 1, "OrleansKv:AntiEntropy:TransferBatchSize must be at least 1.")
            .Validate(o => o.CallTimeout > TimeSpan.Zero, "OrleansKv:AntiEntropy:CallTimeout must be positive.");
        Bind<ClockOptions>(services, "Clock")
            .Validate(o => o.MaxClockDrift > TimeSpan.Zero, "OrleansKv:Clock:MaxClockDrift must be positive.")
            .Validate(o => o.HighWaterReserve > TimeSpan.Zero, "OrleansKv:Clock:HighWaterReserve must be positive.")
            .Validate(o => o.HighWaterReserve * 2 <= o.MaxClockDrift,
                "OrleansKv:Clock:HighWaterReserve must be at most half of OrleansKv:Clock:MaxClockDrift: a restarted node stamps up to the reserve ahead of its clock.");
        Bind<TombstoneOptions>(services, "Tombstones")
            .Validate(o => o.GcGrace > TimeSpan.Zero, "OrleansKv:Tombstones:GcGrace must be positive.")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero, "OrleansKv:Tombstones:PurgeInterval must be positive.")
            .Validate(o => o.AliveRecordInterval > TimeSpan.Zero && o.AliveRecordInterval < o.GcGrace,
                "OrleansKv:Tombstones:AliveRecordInterval must be positive and shorter than GcGrace.");

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new NodeMetadataStore(sp.GetRequiredService<NodeDatabase>()));
        services.TryAddSingleton(sp => new HybridLogicalClock(
            NodeWallClock(sp), sp.GetRequiredService<NodeMetadataStore>(), sp.GetRequiredService<IOptions<ClockOptions>>().Value));
        services.AddSingleton(sp => new ClockDriftGuard(
            sp.GetRequiredService<HybridLogicalClock>(), sp.GetRequiredService<IOptions<ClockOptions>>(),
            sp.GetRequiredService<ILocalSiloDetails>().Name, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ClockDriftGuard>>()));
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
        services.AddHostedService<LastAliveHeartbeat>();
        services.AddSingleton<RequestValidator>();
        services.AddSingleton<RequestCoordinator>();
        services.AddSingleton<RingViews>();
        services.AddSingleton(sp => NodeDatabase.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
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
}
