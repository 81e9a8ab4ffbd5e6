using OrleansKv.Jobs;

namespace OrleansKv.Grains.Jobs;

/// <summary>
/// Owns one background job of a node (a repair, a stream, the driving of a ring change, a
/// cleanup): runs it on the thread pool, at most one run at a time, with a token that stopping
/// the runner cancels; a run that fails is handed, with its exception, to
/// <c>failed</c>, which the job's owner logs under its own event id. A job that
/// reports progress starts its runs with a <see cref="JobRun"/>, which the runner keeps as
/// <see cref="Current"/> and ends if the job did not. The owner stops the runner from the
/// host's lifecycle (its <c>IHostedService.StopAsync</c>, or a silo lifecycle stage): the run is
/// cancelled and waited for, so nothing of it outlives the services it uses (the store, the silo).
/// </summary>
/// <remarks>
/// The node's background work takes three shapes, all started and stopped by the host: loops
/// on a timer are <c>BackgroundService</c>s; jobs started on demand run on a
/// <see cref="JobRunner"/>, their progress a <see cref="JobRun"/>; work a request starts and does
/// not wait for (background read repair) runs on <see cref="BackgroundWork"/>.
/// </remarks>
/// <param name="job">What the job is called in a run's error ("repair", "streaming", ...).</param>
/// <param name="failed">Told of a run that failed (not of one cut short by the stop).</param>
public sealed class JobRunner(string job, Action<Exception> failed)
{
    /// <summary>Why a run ended when its node stopped.</summary>
    public const string StoppedError = "stopped: the node is shutting down";

    private readonly object _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private Func<CancellationToken, Task>? _again;
    private JobRun? _current;
    private bool _busy;
    private bool _stopped;

    /// <summary>Cancelled when the runner stops; every run gets it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Whether a run is going (from its start until it returned, with any repeat asked for meanwhile).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _busy;
            }
        }
    }

    /// <summary>The current run (with any repeat asked for meanwhile); completed when none runs. Never faults.</summary>
    public Task Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>The running or last run started with its progress (<see cref="Start"/>); null if none was.</summary>
    public JobRun? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> reporting to <paramref name="run"/>, unless a run is going;
    /// returns the run that goes on: that one, or the one already going. Once the runner has
    /// stopped, <paramref name="run"/> ends at once as failed.
    /// </summary>
    public JobRun Start(JobRun run, Func<JobRun, CancellationToken, Task> work)
    {
        lock (_lock)
        {
            if (_busy && _current is { } going)
            {
                return going;
            }

            if (_busy || _stopped)
            {
                run.Finish(JobPhase.Failed, _stopped ? StoppedError : $"{job} is busy");
                return run;
            }

            _current = run;
            StartLocked(async cancellation =>
            {
                try
                {
                    await work(run, cancellation);
                }
                catch (Exception ex) when (!cancellation.IsCancellationRequested)
                {
                    run.Finish(JobPhase.Failed, ex.GetBaseException().Message);
                    throw;
                }
                finally
                {
                    // A run never stays "running" once its task has ended (the first end stands).
                    run.Finish(JobPhase.Failed, cancellation.IsCancellationRequested ? StoppedError : $"{job} ended without an outcome");
                }
            });
            return run;
        }
    }

    /// <summary>Starts <paramref name="run"/> unless a run is going or the runner has stopped; says whether it did.</summary>
    public bool TryStart(Func<CancellationToken, Task> run)
    {
        lock (_lock)
        {
            if (_busy || _stopped)
            {
                return false;
            }

            StartLocked(run);
            return true;
        }
    }

    /// <summary>
    /// Makes sure <paramref name="run"/> runs after this call: starts it, or, while a run is going,
    /// runs it once more when that one returns (several such calls meanwhile make one more run).
    /// Nothing once the runner has stopped.
    /// </summary>
    public void Trigger(Func<CancellationToken, Task> run)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (_busy)
            {
                _again = run;
                return;
            }

            StartLocked(run);
        }
    }

    /// <summary>
    /// Cancels the run and waits for it. If <paramref name="cancellation"/> (the host's shutdown
    /// timeout) ends the wait first, this throws, and the host reports that the job did not stop.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellation)
    {
        Task running;
        lock (_lock)
        {
            _stopped = true;
            _again = null;
            running = _running;
        }

        // Outside the lock: cancelling runs the run's continuations, which may come back here.
        await _stopping.CancelAsync();
        await running.WaitAsync(cancellation);
    }

    private void StartLocked(Func<CancellationToken, Task> run)
    {
        _busy = true;
        _running = Task.Run(() => RunAsync(run), CancellationToken.None);
    }

    private async Task RunAsync(Func<CancellationToken, Task> run)
    {
        while (true)
        {
            try
            {
                await run(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                // Cut short by the stop (a call it made may fail otherwise than by cancelling):
                // the job reports what it left undone, e.g. its run ends as stopped.
            }
            catch (Exception ex)
            {
                failed(ex);
            }

            lock (_lock)
            {
                if (_again is null || _stopped)
                {
                    _busy = false;
                    return;
                }

                run = _again;
                _again = null;
            }
        }
    }
}
