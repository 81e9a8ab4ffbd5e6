namespace OrleansKv.Grains.Jobs;

/// <summary>
/// Work a request starts and does not wait for (background read repair): any number at once,
/// each given a token that stopping cancels, none started once stopping began, and stopping
/// waits for those in flight. A piece of work that fails is handed, with its exception, to
/// <c>failed</c>, which the owner logs under its own event id.
/// </summary>
/// <param name="failed">Told of work that failed (not of work cut short by the stop).</param>
public sealed class BackgroundWork(Action<Exception> failed)
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Work in flight, plus one held until stopping begins, so the count reaches 0 only after that.
    private int _inFlight = 1;
    private int _stopped;

    /// <summary>Runs <paramref name="work"/> in the background, unless stopping has begun.</summary>
    public void Run(Func<CancellationToken, Task> work)
    {
        Interlocked.Increment(ref _inFlight);
        if (_stopping.IsCancellationRequested)
        {
            Release();
            return;
        }

        // Tracked by the count, not by the task: the task never faults.
        RunTrackedAsync(work).Ignore();
    }

    /// <summary>
    /// Cancels the work in flight and waits for it. If <paramref name="cancellation"/> (the host's
    /// shutdown timeout) ends the wait first, this throws, and the host reports it.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellation)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stopping.CancelAsync();
            Release();
        }

        await _drained.Task.WaitAsync(cancellation);
    }

    private async Task RunTrackedAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await work(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Cut short by the stop.
        }
        catch (Exception ex)
        {
            failed(ex);
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }
    }
}
