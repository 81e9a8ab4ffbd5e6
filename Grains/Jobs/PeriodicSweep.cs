using Microsoft.Extensions.Hosting;

namespace OrleansKv.Grains.Jobs;

/// <summary>
/// Background work that runs one sweep per period for as long as the host runs: the first after
/// one period, never two at once, the host's stopping token passed down (a sweep running at the
/// stop is cancelled). A sweep that fails is handed to <see cref="SweepFailed"/>, which the owner
/// logs under its own event id, and the next period tries again.
/// </summary>
public abstract class PeriodicSweep(TimeSpan period, TimeProvider time) : BackgroundService
{
    /// <summary>The clock the periods are measured on; the sweeps read the time from it too.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>One sweep.</summary>
    protected abstract Task SweepAsync(CancellationToken cancellation);

    /// <summary>Told of a sweep that failed (not of one cut short by the stop).</summary>
    protected abstract void SweepFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    SweepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
