namespace OrleansKv.Client.Hosting;

/// <summary>
/// Keeps the client's first connection trying until <see cref="OrleansKvClientOptions.ConnectTimeout"/>,
/// so a service can start before (or with) its cluster; Orleans gives up on the first failure by default.
/// </summary>
internal sealed class ConnectRetryFilter(OrleansKvClientOptions options, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);
    private long _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _firstFailure, time.GetTimestamp(), 0) != 0
            && time.GetElapsedTime(Interlocked.Read(ref _firstFailure)) > options.ConnectTimeout)
        {
            return false;
        }

        await Task.Delay(Pause, time, cancellationToken);
        return true;
    }
}
