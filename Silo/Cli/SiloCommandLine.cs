using System.CommandLine;
using System.Net;
using OrleansKv.Silo.Launcher;
using OrleansKv.Silo.Node;

namespace OrleansKv.Silo.Cli;

/// <summary>
/// The command line of the Silo executable:
/// no arguments or --shell: start a local cluster and open the shell on node 1;
/// --cluster: start the local cluster only; node --node-id K: run one node in this process.
/// </summary>
public static class SiloCommandLine
{
    public static RootCommand Build()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the local cluster", DefaultValueFactory = _ => 3 };
        var replication = ReplicationOption();
        var dataDir = DataDirOption();
        var shell = new Option<bool>("--shell") { Description = "Start the local cluster and open the shell on node 1 (the default)" };
        var cluster = new Option<bool>("--cluster") { Description = "Start the local cluster only and stay in the foreground" };
        var portOffset = new Option<int>("--port-offset")
        {
            Description = "Added to every default port, to run two local clusters side by side. Default: $ORLEANSKV_PORT_OFFSET, else 0",
            DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("ORLEANSKV_PORT_OFFSET"), out var offset) ? offset : 0,
        };
        portOffset.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 20000)
            {
                r.AddError("--port-offset must be between 0 and 20000.");
            }
        });

        var (rootApiKey, rootAdminKey) = KeyOptions();
        var root = new RootCommand("OrleansKv: a Dynamo-style distributed key-value store on Orleans.")
        {
            nodes, replication, dataDir, shell, cluster, portOffset, rootApiKey, rootAdminKey, BuildNodeCommand(),
        };
        nodes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 50)
            {
                r.AddError("--nodes must be between 1 and 50.");
            }
        });
        root.Validators.Add(r =>
        {
            if (r.GetValue(shell) && r.GetValue(cluster))
            {
                r.AddError("Choose one of --shell and --cluster.");
            }

            if (r.GetResult(replication) is { Implicit: false } && r.GetValue(replication) > r.GetValue(nodes))
            {
                r.AddError($"--replication-factor {r.GetValue(replication)} is higher than --nodes {r.GetValue(nodes)}: every key needs that many nodes.");
            }
        });
        root.SetAction((result, cancellationToken) =>
        {
            var options = new LocalClusterOptions(
                // The default replication factor shrinks to fit a smaller local cluster.
                result.GetValue(nodes), Math.Min(result.GetValue(replication), result.GetValue(nodes)), Path.GetFullPath(result.GetValue(dataDir)!),
                OpenShell: !result.GetValue(cluster), result.GetValue(portOffset), result.GetValue(rootApiKey), result.GetValue(rootAdminKey));
            return LocalCluster.RunAsync(options, cancellationToken);
        });
        return root;
    }

    private static Command BuildNodeCommand()
    {
        var nodeId = new Option<int>("--node-id") { Description = "K: this node is \"nodeK\"", Required = true };
        var dataDir = DataDirOption();
        var replication = ReplicationOption();
        var bind = new Option<string>("--bind") { Description = "Address for HTTP, silo and gateway endpoints", DefaultValueFactory = _ => "127.0.0.1" };
        var httpPort = new Option<int?>("--http-port") { Description = "HTTP API port (default 8000+K)" };
        var siloPort = new Option<int?>("--silo-port") { Description = "Orleans silo port (default 11110+K)" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Orleans gateway port for clients (default 30000+K)" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string for cluster membership (several hosts); default: the SQLite file DIR/membership.db" };
        var dashboard = new Option<bool>("--dashboard") { Description = "Serve the Orleans dashboard at /dashboard" };
        var (apiKey, adminKey) = KeyOptions();

        var command = new Command("node", "Run one node in this process.")
        {
            nodeId, dataDir, replication, bind, httpPort, siloPort, gatewayPort, postgres, dashboard, apiKey, adminKey,
        };
        nodeId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 9999)
            {
                r.AddError("--node-id must be between 1 and 9999.");
            }
        });
        bind.Validators.Add(r =>
        {
            if (!IPAddress.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--bind must be an IP address, not '{r.GetValueOrDefault<string>()}'.");
            }
        });
        foreach (var port in new[] { httpPort, siloPort, gatewayPort })
        {
            port.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() is { } p and (< 1 or > 65535))
                {
                    r.AddError($"{r.Option.Name} must be between 1 and 65535.");
                }
            });
        }

        command.SetAction((result, cancellationToken) =>
        {
            var k = result.GetValue(nodeId);
            var settings = new NodeSettings(
                k,
                Path.GetFullPath(result.GetValue(dataDir)!),
                IPAddress.Parse(result.GetValue(bind)!),
                result.GetValue(httpPort) ?? NodeSettings.HttpPortBase + k,
                result.GetValue(siloPort) ?? NodeSettings.SiloPortBase + k,
                result.GetValue(gatewayPort) ?? NodeSettings.GatewayPortBase + k,
                result.GetValue(replication),
                result.GetValue(postgres),
                result.GetValue(dashboard),
                result.GetValue(apiKey),
                result.GetValue(adminKey));
            return NodeHost.RunAsync(settings, result.UnmatchedTokens.ToArray(), cancellationToken);
        });
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    /// <summary>
    /// --api-key and --admin-key, defaulting to ORLEANSKV_API_KEY and ORLEANSKV_ADMIN_KEY: the
    /// environment keeps keys out of shell history and process listings.
    /// </summary>
    private static (Option<string?> ApiKey, Option<string?> AdminKey) KeyOptions() =>
    (
        new Option<string?>("--api-key")
        {
            Description = "Require Authorization: Bearer KEY on /keys and /admin (default: $ORLEANSKV_API_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORLEANSKV_API_KEY"),
        },
        new Option<string?>("--admin-key")
        {
            Description = "Also require this key for admin operations that change the cluster (default: $ORLEANSKV_ADMIN_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORLEANSKV_ADMIN_KEY"),
        }
    );

    private static Option<int> ReplicationOption()
    {
        var option = new Option<int>("--replication-factor") { Description = "Replicas per key (N)", DefaultValueFactory = _ => 3 };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--replication-factor must be between 1 and 64.");
            }
        });
        return option;
    }

    private static Option<string> DataDirOption() =>
        new("--data-dir")
        {
            Description = "Data directory of the cluster (nodes keep data in DIR/nodeK). Default: $ORLEANSKV_DATA_DIR, else ~/.local/share/orleanskv/data",
            DefaultValueFactory = _ => OrleansKv.Cluster.LocalClusterDirectory.Default,
        };
}
