using OrleansKv.Jobs;

namespace OrleansKv.Grains.Jobs;

/// <summary>
/// The counters of one run of a background job, updated by its workers from any thread and read
/// as <see cref="JobProgress"/> snapshots. Started when created.
/// </summary>
public sealed class JobRun(JobKind kind, string nodeId, long epoch, TimeProvider time)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private long _keysSent;
    private long _keysReceived;
    private long _bytesSent;
    private long _bytesReceived;
    private int _rangesDone;
    private int _rangesTotal;
    private Outcome? _outcome;

    public long Epoch { get; } = epoch;

    public int RangesTotal
    {
        get => Volatile.Read(ref _rangesTotal);
        set => Volatile.Write(ref _rangesTotal, value);
    }

    public JobPhase Phase => Volatile.Read(ref _outcome)?.Phase ?? JobPhase.Running;

    public void Sent(long keys, long bytes)
    {
        Interlocked.Add(ref _keysSent, keys);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void Received(long keys, long bytes)
    {
        Interlocked.Add(ref _keysReceived, keys);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    public void RangeDone() => Interlocked.Increment(ref _rangesDone);

    /// <summary>Ends the run as <paramref name="phase"/> (done or failed), with why it failed or what it could not do; the first end stands.</summary>
    public void Finish(JobPhase phase, string? error) => Interlocked.CompareExchange(ref _outcome, new Outcome(phase, time.GetUtcNow(), error), null);

    public JobProgress Snapshot()
    {
        var now = time.GetUtcNow();
        var outcome = Volatile.Read(ref _outcome);
        return new JobProgress(
            kind, nodeId, outcome?.Phase ?? JobPhase.Running, Epoch, Volatile.Read(ref _rangesDone), RangesTotal,
            Interlocked.Read(ref _keysSent), Interlocked.Read(ref _keysReceived), Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _bytesReceived),
            _startedAt, outcome?.At, now, outcome?.Error);
    }

    private sealed record Outcome(JobPhase Phase, DateTimeOffset At, string? Error);
}
