using System.Collections.Concurrent;

namespace OrleansKv.IntegrationTests.Caching;

/// <summary>
/// A synchronization context with one thread, as a UI thread or classic ASP.NET has: what is
/// posted to it runs only on that thread, in order. Code on that thread that blocks on a task
/// whose continuation was posted here never returns: the deadlock of sync-over-async.
/// </summary>
internal sealed class SingleThreadSynchronizationContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _posted = [];

    /// <summary>
    /// Runs <paramref name="body"/> on a new thread with this context installed (as an event
    /// handler runs on a UI thread); the task ends with its outcome once it returns.
    /// </summary>
    public static Task RunAsync(Action body)
    {
        var outcome = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new SingleThreadSynchronizationContext();
        context.Post(
            _ =>
            {
                try
                {
                    body();
                    outcome.SetResult();
                }
                catch (Exception e)
                {
                    outcome.SetException(e);
                }
                finally
                {
                    context._posted.CompleteAdding();
                }
            },
            null);

        // A background thread: one that deadlocked must not keep the test process alive.
        var thread = new Thread(() =>
        {
            SetSynchronizationContext(context);
            foreach (var (callback, state) in context._posted.GetConsumingEnumerable())
            {
                callback(state);
            }
        })
        { IsBackground = true, Name = nameof(SingleThreadSynchronizationContext) };
        thread.Start();
        return outcome.Task;
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!_posted.TryAdd((d, state)))
        {
            // Posted after the body returned: nothing runs on this thread any more.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("A single-threaded context does not run callbacks from other threads synchronously.");

    public override SynchronizationContext CreateCopy() => this;
}
