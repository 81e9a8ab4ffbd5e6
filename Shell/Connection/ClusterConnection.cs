using Microsoft.Extensions.Hosting;

namespace OrleansKv.Shell.Connection;

/// <summary>A started Orleans client; disposing it leaves the cluster.</summary>
public sealed class ClusterConnection(IHost host, IClusterClient client) : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    public IClusterClient Client { get; } = client;

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(StopTimeout);
        try
        {
            await host.StopAsync(stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Leaving a cluster that no longer answers: nothing left to tell it.
        }

        host.Dispose();
    }
}
