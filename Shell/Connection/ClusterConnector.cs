using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKv.Client.Hosting;

namespace OrleansKv.Shell.Connection;

/// <summary>
/// Builds and starts an Orleans client for a <see cref="ClusterTarget"/>, bounded by a connect
/// timeout, with the cluster identity every OrleansKv silo uses.
/// </summary>
public static class ClusterConnector
{
    /// <summary>How long the TLS check of a failed connection may wait for one gateway (its connect and its handshake, each).</summary>
    public static readonly TimeSpan TlsProbeTimeout = TimeSpan.FromSeconds(2);

    /// <param name="clusterCertificate">The cluster certificate of a cluster with mutual TLS (--cluster-cert); null for plain connections.</param>
    public static async Task<ClusterConnection> ConnectAsync(
        ClusterTarget target, TimeSpan timeout, X509Certificate2? clusterCertificate = null, CancellationToken cancellation = default)
    {
        if (target is LocalClusterTarget local && !File.Exists(local.MembershipFile))
        {
            throw new ClusterUnreachableException(
                $"no cluster found: {local.MembershipFile} does not exist. Start one with " +
                "'dotnet run --project Silo', or point --data-dir at a cluster's data directory.");
        }

        if (target is GatewayTarget gateways && !await AnyListensAsync(gateways.Gateways, timeout, cancellation))
        {
            throw new ClusterUnreachableException(
                $"could not connect to {target.Description}: nothing accepts connections there. Is the cluster running?");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, DetachedHostLifetime>();
        builder.UseOrleansClient(client => UseClustering(client, target, clusterCertificate));

        var host = builder.Build();
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        connecting.CancelAfter(timeout);
        try
        {
            // WaitAsync as well as the token: a start that ignores cancellation must not hang the shell.
            await host.StartAsync(connecting.Token).WaitAsync(timeout, cancellation);
            return new ClusterConnection(host, host.Services.GetRequiredService<IClusterClient>());
        }
        catch (Exception e)
        {
            var timedOut = e is OperationCanceledException or TimeoutException && !cancellation.IsCancellationRequested;
            var mismatch = timedOut ? await TlsMismatch.DescribeAsync(host.Services, clusterCertificate, TlsProbeTimeout) : null;
            _ = Task.Run(host.Dispose, CancellationToken.None);
            if (mismatch is not null)
            {
                throw new ClusterUnreachableException($"could not connect to {target.Description}: {mismatch}.");
            }

            var reason = timedOut
                ? $"no gateway answered within {timeout.TotalSeconds:0.#} s"
                : MessageText.FirstLine(e.Message);
            throw new ClusterUnreachableException(
                $"could not connect to {target.Description}: {reason}. Is the cluster running?");
        }
    }

    /// <summary>
    /// A plain TCP connect to each gateway: a refused connection is known at once, while the
    /// Orleans client would retry it until the connect timeout.
    /// </summary>
    private static async Task<bool> AnyListensAsync(
        IReadOnlyList<IPEndPoint> gateways, TimeSpan timeout, CancellationToken cancellation)
    {
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        probing.CancelAfter(timeout);
        var probes = gateways.Select(async endpoint =>
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint, probing.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return false;
            }
        });
        return (await Task.WhenAll(probes)).Any(listens => listens);
    }

    private static void UseClustering(IClientBuilder client, ClusterTarget target, X509Certificate2? clusterCertificate)
    {
        var options = target switch
        {
            GatewayTarget gateways => new OrleansKvClientOptions { Gateways = [.. gateways.Gateways] },
            PostgresTarget postgres => new OrleansKvClientOptions { PostgresConnectionString = postgres.ConnectionString },
            LocalClusterTarget local => new OrleansKvClientOptions { DataDirectory = local.DataDirectory },
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown cluster target."),
        };
        options.ClusterCertificate = clusterCertificate;
        client.UseOrleansKvCluster(options);
    }
}
