namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Client loops a test runs against a cluster until it stops them: started once, stopped by
/// <see cref="StopAsync"/> (each loop sees <see cref="Stopping"/> and ends), and each loop's
/// failure surfaced by that stop. Disposal stops them too.
/// </summary>
public abstract class ClientWorkers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task[] _workers = [];

    /// <summary>Cancelled once the loops must end.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Whether the loops must end.</summary>
    protected bool IsStopping => _stop.IsCancellationRequested;

    /// <summary>Starts the loops on the thread pool; called once, at the end of the derived constructor.</summary>
    protected void Start(IEnumerable<Func<Task>> loops) => _workers = loops.Select(Task.Run).ToArray();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        DisposeClients();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the loops used (HTTP clients), once they have ended.</summary>
    protected virtual void DisposeClients()
    {
    }

    /// <summary>After a failure, a short random pause, so a loop does not spin on a node that is down.</summary>
    protected async Task PauseAsync(Random random)
    {
        try
        {
            await Task.Delay(random.Next(20, 200), _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
