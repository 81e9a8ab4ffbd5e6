using Microsoft.Extensions.Hosting;
using OrleansKv.Cluster;

namespace OrleansKv.Client.Hosting;

/// <summary>
/// Runs before the Orleans client starts, for a local cluster only: waits (up to the connect
/// timeout) for the cluster's membership file, and otherwise fails the host's start with a
/// message that says where it looked, instead of an ADO.NET error from deep inside Orleans.
/// </summary>
internal sealed class LocalClusterCheck(OrleansKvClientOptions options, TimeProvider time) : IHostedService
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var file = LocalClusterDirectory.MembershipFile(Path.GetFullPath(options.DataDirectory));
        var started = time.GetTimestamp();
        while (!File.Exists(file))
        {
            if (time.GetElapsedTime(started) > options.ConnectTimeout)
            {
                throw new InvalidOperationException(
                    $"No OrleansKv cluster found: {file} does not exist. Start one with 'dotnet run --project Silo', " +
                    $"or set {nameof(OrleansKvClientOptions.DataDirectory)} (or ${LocalClusterDirectory.EnvironmentVariable}), " +
                    $"{nameof(OrleansKvClientOptions.Gateways)} or {nameof(OrleansKvClientOptions.PostgresConnectionString)}.");
            }

            await Task.Delay(Pause, time, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
