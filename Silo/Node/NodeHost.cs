using System.Diagnostics;
using OrleansKv.Cluster;
using OrleansKv.Silo.Membership;

namespace OrleansKv.Silo.Node;

/// <summary>
/// One OrleansKv node in this process: an Orleans silo named "nodeK" with its storage, and the
/// HTTP API on the same web host. Runs until SIGTERM or Ctrl-C, then leaves the cluster cleanly.
/// A silo the cluster declared dead (a cut or a pause longer than failure detection allows)
/// never becomes active again; the node then disposes it, storage included, and starts a new
/// silo generation on the same data directory, in this process: no supervisor is needed, the
/// process id stays, and a restart costs no runtime start. Start failures map to
/// <see cref="NodeExitCode"/>s, one clear line on stderr, never a stack trace.
/// </summary>
public static class NodeHost
{
    public static async Task<int> RunAsync(NodeSettings settings, string[] configurationArgs, CancellationToken cancellationToken)
    {
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(NodeApplication.ConfigureConsole));
        var log = logging.CreateLogger(NodeHostLog.Category);
        var backoff = new RestartBackoff();
        var sincePreviousStopped = (Stopwatch?)null;
        while (true)
        {
            GenerationEnd end;
            try
            {
                end = await RunGenerationAsync(settings, configurationArgs, log, sincePreviousStopped, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // SIGTERM while starting: stopping was asked for, whatever the start was doing.
                return NodeExitCode.Stopped;
            }
            catch (Exception ex) when (NodeStartFailure.Of(ex, settings) is { } failure)
            {
                if (!failure.Retry)
                {
                    await Console.Error.WriteLineAsync(failure.Message);
                    return failure.ExitCode;
                }

                var delay = backoff.Next();
                NodeHostLog.StartRetried(log, settings.NodeId, failure.Message, delay.TotalSeconds);
                if (!await WaitAsync(delay, cancellationToken))
                {
                    return NodeExitCode.Stopped;
                }

                continue;
            }

            if (end.StopReason is not { } reason || cancellationToken.IsCancellationRequested)
            {
                return NodeExitCode.Stopped;
            }

            if (end.Ran >= RestartBackoff.Healthy)
            {
                backoff.Reset();
            }

            var wait = backoff.Next();
            NodeHostLog.StoppedByCluster(log, settings.NodeId, end.SiloAddress, reason, wait.TotalSeconds);
            sincePreviousStopped = Stopwatch.StartNew();
            if (!await WaitAsync(wait, cancellationToken))
            {
                return NodeExitCode.Stopped;
            }
        }
    }

    /// <summary>How one silo generation ended: on request (no reason), or stopped by Orleans with the reason it gave.</summary>
    private sealed record GenerationEnd(string? StopReason, string SiloAddress, TimeSpan Ran);

    private static async Task<GenerationEnd> RunGenerationAsync(
        NodeSettings settings, string[] configurationArgs, ILogger log, Stopwatch? sincePreviousStopped, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.NodeDataDirectory);
        var membership = await NodeMembership.PrepareAsync(settings, ClusterIdentity.ClusterId, cancellationToken);
        await ActiveNodeCheck.EnsureNotActiveAsync(membership.Invariant, membership.ConnectionString, ClusterIdentity.ClusterId, settings.NodeId, cancellationToken);
        var clusterCertificate = settings.LoadClusterCertificate();
        await ClusterCertificateCheck.EnsureSameAsRunningNodesAsync(
            membership.Invariant, membership.ConnectionString, ClusterIdentity.ClusterId, settings.NodeId,
            ClusterCertificateCheck.Fingerprint(clusterCertificate), cancellationToken);

        var fatalStop = new FatalStop();
        // Disposed before the next generation is built: RocksDB refuses a second open of the
        // data directory in one process, and the ports must be free again.
        await using var app = NodeApplication.Build(settings, configurationArgs, membership, clusterCertificate, fatalStop);
        var siloAddress = "";
        try
        {
            await app.StartAsync(cancellationToken);
            siloAddress = app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
            if (sincePreviousStopped is not null)
            {
                NodeHostLog.BackAsNewGeneration(log, settings.NodeId, siloAddress, sincePreviousStopped.Elapsed.TotalSeconds);
            }

            var running = Stopwatch.StartNew();
            await app.WaitForShutdownAsync(cancellationToken);
            return new GenerationEnd(fatalStop.Reason, siloAddress, running.Elapsed);
        }
        catch (Exception) when (fatalStop.Requested && !cancellationToken.IsCancellationRequested)
        {
            // Declared dead while still starting: the start fails, the node comes back all the same.
            return new GenerationEnd(fatalStop.Reason, siloAddress, TimeSpan.Zero);
        }
    }

    /// <summary>False when stopping was asked for during the wait.</summary>
    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
