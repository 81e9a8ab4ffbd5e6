using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansKv.Api;
using OrleansKv.Cluster;
using OrleansKv.Grains.Hosting;
using OrleansKv.Grains.NodeInfo;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Silo.Membership;
using OrleansKv.Silo.Tracing;

namespace OrleansKv.Silo.Node;

/// <summary>
/// Builds one generation of the node: the web host with the silo and the HTTP API on it. A node
/// declared dead gets a new one in the same process (<see cref="NodeHost"/>), so nothing here may
/// outlive the host it builds.
/// </summary>
public static class NodeApplication
{
    /// <summary>One line per event, so lifecycle events (joined, marked down, back up) grep cleanly; shared by the node host's own log.</summary>
    public static void ConfigureConsole(SimpleConsoleFormatterOptions console)
    {
        console.SingleLine = true;
        console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        console.UseUtcTimestamp = true;
    }

    public static WebApplication Build(
        NodeSettings settings, string[] configurationArgs, NodeMembershipStore membership, X509Certificate2? clusterCertificate, FatalStop fatalStop)
    {
        // Configuration files are read once. Reloading them on change watches the working
        // directory recursively (inotify): with the data directory below it, every write-ahead
        // log append woke the watcher thread, a context switch per write.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. configurationArgs]);
        settings = settings.WithKestrelCertificate(builder.Configuration);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(settings) });
        builder.Logging.AddSimpleConsole(ConfigureConsole);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("OrleansKv", LogLevel.Information);
        // A failed start is reported once, as one line, by NodeHost; not also as a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        // Kestrel's limits (body, headers) come from OrleansKv:Limits through AddKeyValueApi.
        builder.WebHost.UseUrls(settings.HttpUrl);
        builder.WebHost.UseNodeHttps(settings);
        var tracing = builder.AddNodeTracing(settings.NodeId);

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
            silo.UseKeyValueClustering(membership.Invariant, membership.ConnectionString);
            silo.AddKeyValueNode();
            silo.Services.AddSingleton(membership.Ring);
            // Orleans' default handler aborts the process when the silo is declared dead; this
            // one stops the host so that NodeHost starts a new generation.
            silo.Services.AddSingleton(fatalStop);
            silo.Services.Replace(ServiceDescriptor.Singleton<Orleans.Runtime.IFatalErrorHandler, RestartingFatalErrorHandler>());
            if (settings.Dashboard)
            {
                silo.AddDashboard();
            }

            // Only with tracing on: the filters cost a call on every grain message even when nothing listens.
            if (tracing)
            {
                silo.AddActivityPropagation();
            }
        });
        builder.Services.AddKeyValueApi();

        var app = builder.Build();
        if (settings.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        app.MapKeyValueApi();
        return app;
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
