using Microsoft.Extensions.Hosting;

namespace OrleansKv.Shell.Connection;

/// <summary>
/// Replaces the console lifetime in the client's host: the shell owns Ctrl-C (it cancels a
/// line or a command, it does not stop the client), and it may run inside another process.
/// </summary>
internal sealed class DetachedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
