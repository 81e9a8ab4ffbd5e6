using OrleansKv.Repair;

namespace OrleansKv.Grains.Convergence;

/// <summary>The counters of one running repair, updated from its task and read by status requests.</summary>
internal sealed class RepairProgress(string nodeId, DateTimeOffset startedAt)
{
    private long _keysSent;
    private long _keysReceived;
    private long _bytesSent;
    private long _bytesReceived;
    private int _rangesDone;

    public int RangesTotal { get; set; }

    public RepairState State { get; private set; } = RepairState.Running;

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? Error { get; private set; }

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

    public void Finish(RepairState state, DateTimeOffset at, string? error)
    {
        Error = error;
        FinishedAt = at;
        State = state;
    }

    public RepairStatus Snapshot() => new(
        nodeId, State, RangesTotal, Volatile.Read(ref _rangesDone),
        Interlocked.Read(ref _keysSent), Interlocked.Read(ref _keysReceived),
        Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _bytesReceived),
        startedAt, FinishedAt, Error);
}
