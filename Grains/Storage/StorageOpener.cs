using Microsoft.Extensions.Hosting;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Opens the node's store when the host starts, so a bad or locked data directory stops the
/// node at once instead of failing its first request.
/// </summary>
internal sealed class StorageOpener(IKeyValueStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = store.Location;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
