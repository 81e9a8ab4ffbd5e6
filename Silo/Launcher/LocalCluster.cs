using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using OrleansKv.Silo.Node;

namespace OrleansKv.Silo.Launcher;

/// <summary>
/// Starts the local cluster (one OS process per node, so a node can really crash), waits until
/// every node is ready, prints the endpoints, then either opens the shell on node 1 or stays in
/// the foreground. It reports nodes that exit, and on Ctrl-C, SIGTERM or quitting the shell
/// stops every node cleanly.
/// </summary>
public static class LocalCluster
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        X509Certificate2? httpsCertificate;
        try
        {
            // Loaded here too, so a wrong file or password is one message, not one per node.
            httpsCertificate = options.HttpsCertificate?.Load("--https-cert");
            options.ClusterCertificate?.Load("--cluster-cert");
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var started = Stopwatch.StartNew();
        var nodes = new List<NodeProcess>();
        try
        {
            for (var k = 1; k <= options.Nodes; k++)
            {
                nodes.Add(NodeProcess.Start(k, options));
            }

            var ready = await ReadinessProbe.WaitAllAsync(nodes, ReadyTimeout, httpsCertificate, cancellationToken);
            if (!ready.AllReady)
            {
                Console.Error.WriteLine(ready.Failure);
                return 1;
            }

            Console.WriteLine($"OrleansKv local cluster ready in {started.Elapsed.TotalSeconds:0.0} s (data: {options.DataDirectory}, replication factor {options.ReplicationFactor})");
            Console.WriteLine($"{"node",-8}{"pid",-9}{"http",-26}{"gateway",-9}log");
            foreach (var node in nodes)
            {
                Console.WriteLine($"{node.NodeId,-8}{node.ProcessId,-9}{node.HttpUrl,-26}{node.GatewayPort,-9}{node.LogPath}");
            }

            using var supervision = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var supervisor = SuperviseAsync(nodes, supervision.Token);
            int exitCode;
            if (options.OpenShell)
            {
                exitCode = await ShellLauncher.RunAsync(options, cancellationToken);
            }
            else
            {
                Console.WriteLine("Press Ctrl-C to stop the cluster.");
                await WaitForCancellationAsync(cancellationToken);
                exitCode = 0;
            }

            await supervision.CancelAsync();
            await supervisor;
            return exitCode;
        }
        finally
        {
            Console.WriteLine("Stopping the cluster...");
            await Task.WhenAll(nodes.Select(n => n.StopAsync(StopGrace)));
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
            Console.WriteLine("Cluster stopped.");
        }
    }

    private static async Task SuperviseAsync(IReadOnlyList<NodeProcess> nodes, CancellationToken cancellationToken)
    {
        var watching = nodes.ToDictionary(n => n.WaitForExitAsync(cancellationToken), n => n);
        while (watching.Count > 0)
        {
            var exited = await Task.WhenAny(watching.Keys);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var node = watching[exited];
            watching.Remove(exited);
            Console.Error.WriteLine(node.ExitCode == NodeExitCode.DoNotRestart
                ? $"{node.NodeId} (pid {node.ProcessId}) exited with code {node.ExitCode}: the cluster will not admit it as it is configured, so it must not be restarted as it is; the others keep serving. Why: {node.LogTail(2).Trim()} Log: {node.LogPath}"
                : $"{node.NodeId} (pid {node.ProcessId}) exited with code {node.ExitCode}; the others keep serving. " +
                  $"Restart it with: Silo node --node-id {node.Number} --data-dir <same dir>. Log: {node.LogPath}");
        }
    }

    private static async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the caller stops the nodes.
        }
    }
}
