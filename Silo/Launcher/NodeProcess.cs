using System.Diagnostics;
using OrleansKv.Silo.Cli;
using OrleansKv.Silo.Node;

namespace OrleansKv.Silo.Launcher;

/// <summary>One node of the local cluster running as its own OS process, its output going to a log file.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pump;
    private readonly int _portOffset;

    private readonly string _scheme;

    // In the foreground (--cluster), the node process's lifecycle lines (a comeback after being
    // declared dead, a start retried) are shown on the launcher's console as well as logged;
    // not under the shell, whose screen they would break into.
    private readonly bool _relayLifecycle;

    private NodeProcess(int number, LocalClusterOptions options, Process process, StreamWriter log, string logPath)
    {
        Number = number;
        _relayLifecycle = !options.OpenShell;
        _portOffset = options.PortOffset;
        _scheme = options.HttpsCertificate is null ? "http" : "https";
        _process = process;
        _log = log;
        LogPath = logPath;
        _pump = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public int Number { get; }

    public string NodeId => $"node{Number}";

    public int ProcessId => _process.Id;

    public string LogPath { get; }

    public string HttpUrl => $"{_scheme}://127.0.0.1:{NodeSettings.HttpPortBase + _portOffset + Number}";

    public int GatewayPort => NodeSettings.GatewayPortBase + _portOffset + Number;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Starts "Silo node --node-id K" with the same executable that runs the launcher.</summary>
    public static NodeProcess Start(int number, LocalClusterOptions options)
    {
        var nodeDirectory = Path.Combine(options.DataDirectory, $"node{number}");
        Directory.CreateDirectory(nodeDirectory);
        var logPath = Path.Combine(nodeDirectory, "node.log");
        var start = SelfCommand.StartInfo([
            "node", "--node-id", number.ToString(), "--data-dir", options.DataDirectory,
            "--replication-factor", options.ReplicationFactor.ToString(),
            "--http-port", (NodeSettings.HttpPortBase + options.PortOffset + number).ToString(),
            "--silo-port", (NodeSettings.SiloPortBase + options.PortOffset + number).ToString(),
            "--gateway-port", (NodeSettings.GatewayPortBase + options.PortOffset + number).ToString(),
            .. CertificateArguments(options),
            // A new cluster's nodes own its first ring together (ignored once the cluster has a ring).
            $"--OrleansKv:Ring:InitialNodes={string.Join(',', Enumerable.Range(1, options.Nodes).Select(k => $"node{k}"))}"]);
        if (options.ApiKey is { Length: > 0 } apiKey)
        {
            start.Environment[SiloEnvironment.ApiKey] = apiKey;
        }

        if (options.AdminKey is { Length: > 0 } adminKey)
        {
            start.Environment[SiloEnvironment.AdminKey] = adminKey;
        }

        // Certificate passwords travel like keys, through the environment.
        SetOrRemove(start, SiloEnvironment.HttpsCertificatePassword, options.HttpsCertificate?.Password);
        SetOrRemove(start, SiloEnvironment.ClusterCertificatePassword, options.ClusterCertificate?.Password);

        // A pod's settings in the launcher's environment must not reach local nodes: they would
        // advertise another address, or keep membership where the launcher and shell don't look.
        start.Environment.Remove(SiloEnvironment.Postgres);
        start.Environment.Remove(SiloEnvironment.Advertise);

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node{number}.");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        return new NodeProcess(number, options, process, log, logPath);
    }

    /// <summary>--https-cert, --https-key and --cluster-cert with the launcher's files; their passwords go through the environment.</summary>
    private static IEnumerable<string> CertificateArguments(LocalClusterOptions options)
    {
        if (options.HttpsCertificate is { } https)
        {
            yield return "--https-cert";
            yield return https.Path;
            if (https.KeyPath is { } key)
            {
                yield return "--https-key";
                yield return key;
            }
        }

        if (options.ClusterCertificate is { } cluster)
        {
            yield return "--cluster-cert";
            yield return cluster.Path;
        }
    }

    private static void SetOrRemove(ProcessStartInfo start, string variable, string? value)
    {
        if (value is null)
        {
            start.Environment.Remove(variable);
        }
        else
        {
            start.Environment[variable] = value;
        }
    }

    /// <summary>Asks the node to stop cleanly (SIGTERM); kills it if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (!Signals.Terminate(_process.Id))
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>The last lines of the node's log, to explain a failed start.</summary>
    public string LogTail(int lines = 15)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        await _pump;
        await _log.DisposeAsync();
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }

            if (_relayLifecycle && line.Contains(NodeHostLog.Category, StringComparison.Ordinal))
            {
                Console.WriteLine($"{NodeId}: {line}");
            }
        }
    }
}
