using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using OrleansKv.Client.Security;

namespace OrleansKv.Shell;

/// <summary>The shell's command-line options (System.CommandLine) and their mapping to <see cref="ShellOptions"/>.</summary>
public sealed class ShellCommandLine
{
    private readonly Option<string> _dataDirectory = new("--data-dir")
    {
        Description = "Data directory of the local cluster started by Silo (its membership.db). Default: $ORLEANSKV_DATA_DIR, else ~/.local/share/orleanskv/data.",
        HelpName = "DIR",
        DefaultValueFactory = _ => OrleansKv.Cluster.LocalClusterDirectory.Default,
    };

    private readonly Option<IPEndPoint[]> _gateways = new("--gateway")
    {
        Description = "A gateway endpoint to connect to instead of the membership table; repeatable.",
        HelpName = "HOST:PORT",
        CustomParser = ParseEndpoints,
    };

    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = "Connection string of a PostgreSQL membership table.",
        HelpName = "CONNSTRING",
    };

    private readonly Option<int> _node = new("--node")
    {
        Description = "The node whose coordinator serves requests.",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<string?> _commands = new("--command", "-c")
    {
        Description = "Run these commands (separated by ';') and exit: 0 only if all succeeded.",
        HelpName = "\"CMD; CMD\"",
    };

    private readonly Option<double> _connectTimeout = new("--connect-timeout")
    {
        Description = "Seconds to wait for the cluster before giving up.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<double> _requestTimeout = new("--timeout")
    {
        Description = "Seconds one request may take before the node is reported as not answering.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<string?> _clusterCertificate = new("--cluster-cert")
    {
        Description = "The cluster certificate (PFX, or PEM with its key) of a cluster whose nodes run with --cluster-cert: mutual TLS to the gateways.",
        HelpName = "FILE",
    };

    private readonly Option<string?> _clusterCertificatePassword;

    private readonly Option<bool> _plain = new("--plain")
    {
        Description = "Plain output without colour or tables, even on a terminal.",
    };

    /// <param name="environment">Reads environment variables (the certificate password's default); default: the process's.</param>
    public ShellCommandLine(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        _clusterCertificatePassword = new("--cluster-cert-password")
        {
            Description = $"Password of --cluster-cert. Default: ${ClusterTls.PasswordVariable}, which keeps it off the command line.",
            HelpName = "PASSWORD",
            DefaultValueFactory = _ => environment(ClusterTls.PasswordVariable),
        };
        Root = new RootCommand(
            "OrleansKv shell: put, get and delete keys and look at the cluster. Reads commands from stdin " +
            "when it is not a terminal.")
        {
            _dataDirectory, _gateways, _postgres, _node, _commands, _connectTimeout, _requestTimeout, _clusterCertificate, _clusterCertificatePassword, _plain,
        };
        _node.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--node must be a node number, 1 or more.");
        });
        _connectTimeout.Validators.Add(r => RequirePositive(r, "--connect-timeout"));
        _requestTimeout.Validators.Add(r => RequirePositive(r, "--timeout"));
        Root.Validators.Add(r =>
        {
            if (r.GetResult(_gateways) is not null && r.GetResult(_postgres) is not null)
            {
                r.AddError("use either --gateway or --postgres, not both.");
            }
        });
    }

    public RootCommand Root { get; }

    public ShellOptions ToOptions(ParseResult parsed) => new()
    {
        DataDirectory = parsed.GetValue(_dataDirectory)!,
        Gateways = parsed.GetValue(_gateways) ?? [],
        PostgresConnectionString = parsed.GetValue(_postgres),
        Node = parsed.GetValue(_node),
        Commands = parsed.GetValue(_commands),
        ConnectTimeout = TimeSpan.FromSeconds(parsed.GetValue(_connectTimeout)),
        RequestTimeout = TimeSpan.FromSeconds(parsed.GetValue(_requestTimeout)),
        Plain = parsed.GetValue(_plain),
        ClusterCertificatePath = parsed.GetValue(_clusterCertificate),
        ClusterCertificatePassword = parsed.GetValue(_clusterCertificatePassword),
    };

    /// <summary>Reads "127.0.0.1:30001", "[::1]:30001" or "localhost:30001".</summary>
    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        const string localhost = "localhost:";
        if (text.StartsWith(localhost, StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1:" + text[localhost.Length..];
        }

        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port > 0 && text.Contains(':'))
        {
            endpoint = parsed;
            return true;
        }

        endpoint = null!;
        return false;
    }

    private static IPEndPoint[] ParseEndpoints(ArgumentResult result)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var token in result.Tokens)
        {
            if (TryParseEndpoint(token.Value, out var endpoint))
            {
                endpoints.Add(endpoint);
            }
            else
            {
                result.AddError($"--gateway '{token.Value}' is not HOST:PORT, e.g. 127.0.0.1:30001.");
            }
        }

        return [.. endpoints];
    }

    private static void RequirePositive(OptionResult result, string name)
    {
        if (result.GetValueOrDefault<double>() <= 0) result.AddError($"{name} must be more than 0 seconds.");
    }
}
