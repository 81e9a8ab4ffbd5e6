using Microsoft.Extensions.Configuration.Memory;
using Orleans.Configuration;
using OrleansKv.Api;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.Hosting;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Silo.Membership;

namespace OrleansKv.Silo.Node;

/// <summary>
/// One OrleansKv node in this process: an Orleans silo named "nodeK" with its storage, and the
/// HTTP API on the same web host. Runs until SIGTERM or Ctrl-C, then leaves the cluster cleanly.
/// </summary>
public static class NodeHost
{
    public const string ClusterId = "orleanskv";
    public const string ServiceId = "orleanskv";

    public static async Task<int> RunAsync(NodeSettings settings, string[] configurationArgs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.NodeDataDirectory);
        var (membershipInvariant, membershipConnection) = await NodeMembership.PrepareAsync(settings, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder(configurationArgs);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(settings) });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("OrleansKv", LogLevel.Information);
        builder.WebHost.UseUrls(settings.HttpUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var maxValue = builder.Configuration.GetValue("OrleansKv:Limits:MaxValueBytes", new RequestLimitsOptions().MaxValueBytes);
            // JSON may carry white space and escapes the stored form drops; the exact check is ours.
            kestrel.Limits.MaxRequestBodySize = 2L * maxValue + 64 * 1024;
        });

        builder.UseOrleans(silo =>
        {
            silo.Configure<SiloOptions>(o => o.SiloName = settings.NodeId);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ServiceId;
            });
            silo.ConfigureEndpoints(settings.BindAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseKeyValueClustering(membershipInvariant, membershipConnection);
            silo.AddKeyValueNode();
        });
        builder.Services.AddKeyValueApi();

        await using var app = builder.Build();
        app.MapKeyValueApi();
        await app.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>Command-line settings become configuration defaults; explicit configuration still wins.</summary>
    private static Dictionary<string, string?> Defaults(NodeSettings settings) => new()
    {
        [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Storage:{nameof(StorageOptions.DataDirectory)}"] = settings.NodeDataDirectory,
        [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Ring:{nameof(RingOptions.ReplicationFactor)}"] = settings.ReplicationFactor.ToString(),
        [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Endpoints:{nameof(NodeEndpointsOptions.HttpUrl)}"] = settings.HttpUrl,
        [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Endpoints:{nameof(NodeEndpointsOptions.GatewayPort)}"] = settings.GatewayPort.ToString(),
    };
}
