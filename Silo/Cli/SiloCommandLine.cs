using System.CommandLine;
using System.Net;
using OrleansKv.Silo.Launcher;
using OrleansKv.Silo.Node;
using OrleansKv.Silo.Restore;

namespace OrleansKv.Silo.Cli;

/// <summary>
/// The command line of the Silo executable:
/// no arguments or --shell: start a local cluster and open the shell on node 1;
/// --cluster: start the local cluster only; node --node-id K: run one node in this process;
/// restore --snapshot ID: put stopped nodes' data back as it was in a snapshot.
/// </summary>
public static class SiloCommandLine
{
    /// <param name="environment">Reads the environment variables of <see cref="SiloEnvironment"/>; default: the process's.</param>
    /// <param name="runNode">Runs the <c>node</c> command with its resolved settings; default: <see cref="NodeHost.RunAsync"/>.</param>
    public static RootCommand Build(
        Func<string, string?>? environment = null,
        Func<NodeSettings, string[], CancellationToken, Task<int>>? runNode = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the local cluster", DefaultValueFactory = _ => 3 };
        var replication = ReplicationOption();
        var dataDir = DataDirOption();
        var shell = new Option<bool>("--shell") { Description = "Start the local cluster and open the shell on node 1 (the default)" };
        var cluster = new Option<bool>("--cluster") { Description = "Start the local cluster only and stay in the foreground" };
        var portOffset = new Option<int>("--port-offset")
        {
            Description = "Added to every default port, to run two local clusters side by side. Default: $ORLEANSKV_PORT_OFFSET, else 0",
            DefaultValueFactory = _ => int.TryParse(environment(SiloEnvironment.PortOffset), out var offset) ? offset : 0,
        };
        portOffset.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 20000)
            {
                r.AddError("--port-offset must be between 0 and 20000.");
            }
        });

        var (rootApiKey, rootAdminKey) = KeyOptions(environment);
        var rootTls = new TlsCommandLine(environment);
        var root = new RootCommand("OrleansKv: a Dynamo-style distributed key-value store on Orleans.")
        {
            nodes, replication, dataDir, shell, cluster, portOffset, rootApiKey, rootAdminKey, BuildNodeCommand(environment, runNode ?? NodeHost.RunAsync),
            BuildRestoreCommand(environment),
        };
        foreach (var option in rootTls.Options)
        {
            root.Options.Add(option);
        }

        rootTls.AddValidators(root);
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
                OpenShell: !result.GetValue(cluster), result.GetValue(portOffset), result.GetValue(rootApiKey), result.GetValue(rootAdminKey),
                rootTls.HttpsCertificate(result), rootTls.ClusterCertificate(result));
            return LocalCluster.RunAsync(options, cancellationToken);
        });
        return root;
    }

    private static Command BuildNodeCommand(Func<string, string?> environment, Func<NodeSettings, string[], CancellationToken, Task<int>> runNode)
    {
        var nodeId = new Option<int?>("--node-id") { Description = "K: this node is \"nodeK\" (or --node-id-from-hostname)" };
        var nodeIdFromHostname = new Option<bool>("--node-id-from-hostname")
        {
            Description = $"Take K from a StatefulSet pod name NAME-ORDINAL: K = ORDINAL+1 (orleanskv-0 is node1). The name is ${SiloEnvironment.PodName}, else the host name",
        };
        var dataDir = DataDirOption();
        var replication = ReplicationOption();
        var bind = new Option<string>("--bind")
        {
            Description = "Address the HTTP, silo and gateway endpoints listen on; 0.0.0.0 (every address) needs --advertise",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        string? AdvertiseFromEnvironment() => environment(SiloEnvironment.Advertise) is { Length: > 0 } address ? address : null;
        var advertise = new Option<string?>("--advertise")
        {
            Description = $"Address other nodes and clients reach this node at (in a pod: its IP). Default: ${SiloEnvironment.Advertise}, else the --bind address",
            DefaultValueFactory = _ => AdvertiseFromEnvironment(),
        };
        var httpPort = new Option<int?>("--http-port") { Description = "HTTP API port (default 8000+K)" };
        var siloPort = new Option<int?>("--silo-port") { Description = "Orleans silo port (default 11110+K)" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Orleans gateway port for clients (default 30000+K)" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"PostgreSQL connection string for cluster membership (several hosts). Default: ${SiloEnvironment.Postgres}, else the SQLite file DIR/membership.db",
            DefaultValueFactory = _ => environment(SiloEnvironment.Postgres) is { Length: > 0 } connection ? connection : null,
        };
        var dashboard = new Option<bool>("--dashboard") { Description = "Serve the Orleans dashboard at /dashboard" };
        var (apiKey, adminKey) = KeyOptions(environment);
        var tls = new TlsCommandLine(environment);

        var command = new Command("node", "Run one node in this process.")
        {
            nodeId, nodeIdFromHostname, dataDir, replication, bind, advertise, httpPort, siloPort, gatewayPort, postgres, dashboard, apiKey, adminKey,
        };
        foreach (var option in tls.Options)
        {
            command.Options.Add(option);
        }

        tls.AddValidators(command);
        nodeId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > NodeSettings.MaxNodeNumber)
            {
                r.AddError($"--node-id must be between 1 and {NodeSettings.MaxNodeNumber}.");
            }
        });
        bind.Validators.Add(r =>
        {
            if (!IPAddress.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--bind must be an IP address, not '{r.GetValueOrDefault<string>()}'.");
            }
        });

        string PodName() => environment(SiloEnvironment.PodName) is { Length: > 0 } name ? name : Environment.MachineName;

        // K: --node-id, or the pod's ordinal + 1 (the validator below refuses a name that is not NAME-ORDINAL).
        int NodeNumber(ParseResult result) => result.GetValue(nodeId) ?? (StatefulSetNodeNumber.TryParse(PodName(), out var k) ? k : 0);

        command.Validators.Add(r =>
        {
            var fromHostname = r.GetValue(nodeIdFromHostname);
            var explicitId = r.GetValue(nodeId) is not null;
            if (explicitId == fromHostname)
            {
                r.AddError("Give one of --node-id K and --node-id-from-hostname.");
            }
            else if (fromHostname && !StatefulSetNodeNumber.TryParse(PodName(), out _))
            {
                r.AddError($"--node-id-from-hostname: '{PodName()}' is not a StatefulSet pod name NAME-ORDINAL (ORDINAL 0 to {NodeSettings.MaxNodeNumber - 1}).");
            }

            // A command validator sees only options given on the command line, not their defaults.
            var advertised = r.GetResult(advertise) is { } given ? given.GetValueOrDefault<string?>() : AdvertiseFromEnvironment();
            if (IPAddress.TryParse(r.GetValue(bind), out var listen) && NodeEndpoints.IsAnyAddress(listen) && advertised is null)
            {
                r.AddError($"--bind {listen} listens on every address: give --advertise ADDRESS (or ${SiloEnvironment.Advertise}), the address other nodes and clients reach this node at.");
            }

            if (advertised is not null && !IPAddress.TryParse(advertised, out _))
            {
                r.AddError($"--advertise must be an IP address, not '{advertised}'.");
            }
            else if (IPAddress.TryParse(advertised, out var published) && NodeEndpoints.IsAnyAddress(published))
            {
                r.AddError($"--advertise {published} cannot be dialled: give the address other nodes and clients reach this node at.");
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
            var k = NodeNumber(result);
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
                result.GetValue(adminKey),
                result.GetValue(advertise) is { } published ? IPAddress.Parse(published) : null,
                tls.HttpsCertificate(result),
                tls.ClusterCertificate(result));
            return runNode(settings, result.UnmatchedTokens.ToArray(), cancellationToken);
        });
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static Command BuildRestoreCommand(Func<string, string?> environment)
    {
        var snapshot = new Option<string>("--snapshot") { Description = "The snapshot's id (GET /admin/snapshots lists them)", Required = true };
        var nodeId = new Option<int?>("--node-id") { Description = "K: restore node K only (\"nodeK\"); it must be stopped" };
        var cluster = new Option<bool>("--cluster") { Description = "Restore every node the snapshot holds; all must be stopped" };
        var dataDir = DataDirOption();
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"PostgreSQL connection string where the ring record lives (default: ${SiloEnvironment.Postgres}, else the SQLite file DIR/membership.db)",
            DefaultValueFactory = _ => environment(SiloEnvironment.Postgres) is { Length: > 0 } connection ? connection : null,
        };
        var command = new Command("restore", "Put stopped nodes' data back as it was in a snapshot, then exit (starts nothing).")
        {
            snapshot, nodeId, cluster, dataDir, postgres,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(nodeId) is not null) == r.GetValue(cluster))
            {
                r.AddError("Give one of --node-id K and --cluster.");
            }
        });
        nodeId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > NodeSettings.MaxNodeNumber)
            {
                r.AddError($"--node-id must be between 1 and {NodeSettings.MaxNodeNumber}.");
            }
        });
        command.SetAction((result, cancellationToken) => SnapshotRestoreRun.RunAsync(
            Path.GetFullPath(result.GetValue(dataDir)!), result.GetValue(snapshot)!,
            result.GetValue(nodeId) is { } k ? $"node{k}" : null, result.GetValue(postgres), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    /// <summary>
    /// --api-key and --admin-key, defaulting to $ORLEANSKV_API_KEY and $ORLEANSKV_ADMIN_KEY: the
    /// environment keeps keys out of shell history and process listings.
    /// </summary>
    private static (Option<string?> ApiKey, Option<string?> AdminKey) KeyOptions(Func<string, string?> environment) =>
    (
        new Option<string?>("--api-key")
        {
            Description = $"Require Authorization: Bearer KEY on /keys and /admin (default: ${SiloEnvironment.ApiKey})",
            DefaultValueFactory = _ => environment(SiloEnvironment.ApiKey),
        },
        new Option<string?>("--admin-key")
        {
            Description = $"Also require this key for admin operations that change the cluster (default: ${SiloEnvironment.AdminKey})",
            DefaultValueFactory = _ => environment(SiloEnvironment.AdminKey),
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
