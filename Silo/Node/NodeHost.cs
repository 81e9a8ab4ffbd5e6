using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansKv.Api;
using OrleansKv.Cluster;
using OrleansKv.Grains.Hosting;
using OrleansKv.Grains.NodeInfo;
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
    /// <summary>Runs the node; a start-up failure is one clear line on stderr and exit code 1, not a stack trace.</summary>
    public static async Task<int> RunAsync(NodeSettings settings, string[] configurationArgs, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(settings, configurationArgs, cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"{settings.NodeId}: invalid configuration: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        catch (StorageOpenException ex) when (ex.InUse)
        {
            await Console.Error.WriteLineAsync($"{settings.NodeId} could not start: its data directory {settings.NodeDataDirectory} is in use by another process (is {settings.NodeId} already running?).");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException or Orleans.Runtime.OrleansException)
        {
            await Console.Error.WriteLineAsync($"{settings.NodeId} could not start: {ex.GetBaseException().Message}");
            return 1;
        }
    }

    private static async Task<int> RunCoreAsync(NodeSettings settings, string[] configurationArgs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.NodeDataDirectory);
        var (membershipInvariant, membershipConnection, ringStore) = await NodeMembership.PrepareAsync(settings, ClusterIdentity.ClusterId, cancellationToken);
        await ActiveNodeCheck.EnsureNotActiveAsync(membershipInvariant, membershipConnection, ClusterIdentity.ClusterId, settings.NodeId, cancellationToken);
        // Configuration files are read once. Reloading them on change watches the working
        // directory recursively (inotify): with the data directory below it, every write-ahead
        // log append woke the watcher thread, a context switch per write.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. configurationArgs]);
        settings = settings.WithKestrelCertificate(builder.Configuration);
        var clusterCertificate = settings.LoadClusterCertificate();
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(settings) });
        // One line per event, so lifecycle events (joined, marked down, back up) grep cleanly.
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("OrleansKv", LogLevel.Information);
        // A failed start is reported once, as one line, by RunAsync; not also as a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        // Kestrel's limits (body, headers) come from OrleansKv:Limits through AddKeyValueApi.
        builder.WebHost.UseUrls(settings.HttpUrl);
        builder.WebHost.UseNodeHttps(settings);

        builder.UseOrleans(silo =>
        {
            silo.Configure<SiloOptions>(o => o.SiloName = settings.NodeId);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterIdentity.ClusterId;
                o.ServiceId = ClusterIdentity.ServiceId;
            });
            silo.ConfigureNodeEndpoints(settings);
            silo.UseClusterTls(clusterCertificate);
            silo.UseKeyValueClustering(membershipInvariant, membershipConnection);
            silo.AddKeyValueNode();
            silo.Services.AddSingleton(ringStore);
            if (settings.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        builder.Services.AddKeyValueApi();

        await using var app = builder.Build();
        if (settings.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        app.MapKeyValueApi();
        await app.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>Command-line settings become configuration defaults; explicit configuration still wins.</summary>
    private static Dictionary<string, string?> Defaults(NodeSettings settings)
    {
        var defaults = new Dictionary<string, string?>
        {
            [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Storage:{nameof(StorageOptions.DataDirectory)}"] = settings.NodeDataDirectory,
            [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Ring:{nameof(RingOptions.ReplicationFactor)}"] = settings.ReplicationFactor.ToString(),
            [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Endpoints:{nameof(NodeEndpointsOptions.HttpUrl)}"] = settings.AdvertisedHttpUrl,
            [$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:Endpoints:{nameof(NodeEndpointsOptions.GatewayPort)}"] = settings.GatewayPort.ToString(),
        };

        // Keys come from options or the environment, and are never logged.
        if (settings.ApiKey is { Length: > 0 } apiKey)
        {
            defaults["OrleansKv:Security:ApiKey"] = apiKey;
        }

        if (settings.AdminKey is { Length: > 0 } adminKey)
        {
            defaults["OrleansKv:Security:AdminKey"] = adminKey;
        }

        return defaults;
    }
}
