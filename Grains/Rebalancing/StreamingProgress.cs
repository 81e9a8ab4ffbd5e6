using OrleansKv.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>Counters of one streaming run, updated by its range workers, read as <see cref="StreamingStatus"/>.</summary>
internal sealed class StreamingProgress(long epoch, string change, string nodeId, DateTimeOffset startedAt)
{
    private long _keys;
    private long _bytes;
    private int _rangesDone;
    private string _phase = "streaming";
    private DateTimeOffset? _finishedAt;
    private string? _error;

    public long Epoch { get; } = epoch;

    public int RangesTotal { get; set; }

    public bool Running => Volatile.Read(ref _phase) == "streaming";

    public bool Failed => Volatile.Read(ref _phase) == "failed";

    public void Received(int keys, long bytes)
    {
        Interlocked.Add(ref _keys, keys);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void RangeDone() => Interlocked.Increment(ref _rangesDone);

    public void Finish(DateTimeOffset at, string? error)
    {
        _error = error;
        _finishedAt = at;
        Volatile.Write(ref _phase, error is null ? "done" : "failed");
    }

    public StreamingStatus Snapshot(DateTimeOffset now)
    {
        var seconds = Math.Max(0.001, ((_finishedAt ?? now) - startedAt).TotalSeconds);
        var keys = Interlocked.Read(ref _keys);
        var bytes = Interlocked.Read(ref _bytes);
        return new StreamingStatus(
            Epoch, change, nodeId, Volatile.Read(ref _phase), Volatile.Read(ref _rangesDone), RangesTotal, keys, bytes,
            Math.Round(keys / seconds, 1), Math.Round(bytes / seconds, 1), startedAt, _finishedAt, _error);
    }
}
