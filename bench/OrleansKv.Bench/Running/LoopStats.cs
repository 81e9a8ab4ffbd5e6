using HdrHistogram;
using OrleansKv.Bench.Drivers;

namespace OrleansKv.Bench.Running;

/// <summary>
/// What one closed loop measured. Each loop owns its histograms and counters, so recording
/// takes no lock; the runner merges them once the run is over.
/// </summary>
public sealed class LoopStats
{
    /// <summary>Longest latency the histograms can hold, in microseconds (one minute).</summary>
    public const long HighestMicros = 60_000_000;

    public LongHistogram Reads { get; } = NewHistogram();

    public LongHistogram Writes { get; } = NewHistogram();

    public long NotFound { get; private set; }

    public Dictionary<string, long> Errors { get; } = [];

    public static LongHistogram NewHistogram() => new(HighestMicros, 3);

    public void Record(bool read, OpResult result, long micros)
    {
        (read ? Reads : Writes).RecordValue(Math.Clamp(micros, 0, HighestMicros));
        switch (result.Status)
        {
            case OpStatus.NotFound:
                NotFound++;
                break;
            case OpStatus.Error:
                var kind = result.ErrorKind ?? "unknown";
                Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
                break;
        }
    }
}
