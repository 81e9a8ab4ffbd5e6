using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// Records, every <see cref="TombstoneOptions.AliveRecordInterval"/>, that the node is alive, so
/// that on its next start <see cref="ReplicaReadiness"/> can tell how long it was away.
/// </summary>
public sealed partial class LastAliveHeartbeat(
    ReplicaReadiness readiness, IOptions<TombstoneOptions> options, TimeProvider time, ILogger<LastAliveHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AliveRecordInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    readiness.RecordAlive();
                }
                catch (Exception ex)
                {
                    LogRecordFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Recording that the node is alive failed; the next interval tries again")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception);
}
