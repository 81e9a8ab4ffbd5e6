using System.Net;
using System.Net.Sockets;
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
    /// <summary>ClusterOptions.ClusterId and ServiceId of every OrleansKv cluster.</summary>
    public const string ClusterId = OrleansKvClientOptions.ClusterId;

    public static async Task<ClusterConnection> ConnectAsync(
        ClusterTarget target, TimeSpan timeout, CancellationToken cancellation = default)
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
        builder.UseOrleansClient(client => UseClustering(client, target));

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
            _ = Task.Run(host.Dispose, CancellationToken.None);
            var reason = e is OperationCanceledException or TimeoutException && !cancellation.IsCancellationRequested
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

    private static void UseClustering(IClientBuilder client, ClusterTarget target) =>
        client.UseOrleansKvCluster(target switch
        {
            GatewayTarget gateways => new OrleansKvClientOptions { Gateways = [.. gateways.Gateways] },
            PostgresTarget postgres => new OrleansKvClientOptions { PostgresConnectionString = postgres.ConnectionString },
            LocalClusterTarget local => new OrleansKvClientOptions { DataDirectory = local.DataDirectory },
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown cluster target."),
        });
}
