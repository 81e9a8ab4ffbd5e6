using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Grains.Jobs;
using OrleansKv.Jobs;

namespace OrleansKv.UnitTests.Jobs;

/// <summary>The background-job model: one run at a time, stopped with the node, failures handed on with their exception.</summary>
public sealed class JobRunnerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T00:00:00Z"));
    private readonly ConcurrentQueue<Exception> _failures = new();

    private JobRun NewRun() => new(JobKind.Repair, "node1", 0, _time);

    [Fact]
    public async Task A_start_while_a_run_goes_returns_that_run_and_a_start_after_it_begins_a_new_one()
    {
        var runner = new JobRunner("test", _failures.Enqueue);
        var release = new TaskCompletionSource();
        var runs = 0;
        Task Work(JobRun run, CancellationToken cancellation)
        {
            Interlocked.Increment(ref runs);
            return FinishAfterAsync(run, release.Task);
        }

        var first = runner.Start(NewRun(), Work);
        var second = runner.Start(NewRun(), Work);
        release.SetResult();
        await runner.Running.WaitAsync(Bound);
        var third = runner.Start(NewRun(), Work);
        await runner.Running.WaitAsync(Bound);

        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.Equal(2, runs);
        Assert.Equal((JobPhase.Done, JobPhase.Done), (first.Phase, third.Phase));
        Assert.Same(third, runner.Current);
    }

    [Fact]
    public async Task Stopping_cancels_the_run_waits_for_it_and_refuses_later_starts()
    {
        var runner = new JobRunner("test", _failures.Enqueue);
        var started = new TaskCompletionSource();
        var ended = false;
        var run = runner.Start(NewRun(), async (_, cancellation) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellation);
            }
            finally
            {
                ended = true;
            }
        });
        await started.Task.WaitAsync(Bound);

        await runner.StopAsync(CancellationToken.None).WaitAsync(Bound);
        var refused = runner.Start(NewRun(), (_, _) => throw new InvalidOperationException("must not run"));

        Assert.True(ended);
        Assert.Equal((JobPhase.Failed, JobRunner.StoppedError), (run.Phase, run.Snapshot().Error));
        Assert.Equal((JobPhase.Failed, JobRunner.StoppedError), (refused.Phase, refused.Snapshot().Error));
        Assert.Same(run, runner.Current);
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task A_run_that_throws_ends_failed_with_its_message_and_hands_on_the_exception()
    {
        var runner = new JobRunner("test", _failures.Enqueue);
        var failure = new InvalidOperationException("disk on fire");

        var run = runner.Start(NewRun(), (_, _) => Task.FromException(failure));
        await runner.Running.WaitAsync(Bound);

        Assert.Equal((JobPhase.Failed, "disk on fire"), (run.Phase, run.Snapshot().Error));
        Assert.Same(failure, Assert.Single(_failures));
    }

    [Fact]
    public async Task Triggers_while_a_run_goes_make_exactly_one_more_run_after_it()
    {
        var runner = new JobRunner("test", _failures.Enqueue);
        var release = new TaskCompletionSource();
        var seen = new ConcurrentQueue<int>();
        runner.Trigger(async _ =>
        {
            seen.Enqueue(1);
            await release.Task;
        });
        runner.Trigger(_ => Record(seen, 2));
        runner.Trigger(_ => Record(seen, 3));
        Assert.True(runner.IsRunning);

        release.SetResult();
        await runner.Running.WaitAsync(Bound);

        Assert.Equal([1, 3], seen);
        Assert.False(runner.IsRunning);
    }

    [Fact]
    public async Task Background_work_runs_side_by_side_and_stopping_waits_for_what_is_in_flight_and_refuses_more()
    {
        var work = new BackgroundWork(_failures.Enqueue);
        var release = new TaskCompletionSource();
        var done = 0;
        for (var i = 0; i < 3; i++)
        {
            work.Run(async _ =>
            {
                await release.Task;
                Interlocked.Increment(ref done);
            });
        }

        var stopping = work.StopAsync(CancellationToken.None);
        work.Run(_ => throw new InvalidOperationException("must not run"));
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(Bound);

        Assert.Equal(3, done);
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task Background_work_that_fails_hands_on_its_exception()
    {
        var work = new BackgroundWork(_failures.Enqueue);
        var failure = new InvalidOperationException("replica gone");

        work.Run(_ => Task.FromException(failure));
        await work.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Same(failure, Assert.Single(_failures));
    }

    private static async Task FinishAfterAsync(JobRun run, Task gate)
    {
        await gate;
        run.Finish(JobPhase.Done, null);
    }

    private static Task Record(ConcurrentQueue<int> seen, int value)
    {
        seen.Enqueue(value);
        return Task.CompletedTask;
    }
}
