using OrleansKv.Results;

namespace OrleansKv.Client;

/// <summary>
/// The outcome of a conditional write that was decided: applied (<see cref="Write"/> holds the
/// new version), or not because the condition did not hold (<see cref="Current"/> is the key as
/// the decision saw it; null when it was absent), so the caller can retry without reading again.
/// An outcome that could not be decided is an exception, never a result: see <see cref="KeyValueClient"/>.
/// </summary>
public sealed record ConditionalWriteResult<T>(bool Applied, WriteResult? Write, KeyValueEntry<T>? Current);

/// <summary>Per-call settings of a conditional write (always at <c>serial</c>).</summary>
public sealed record ConditionalWriteOptions
{
    /// <summary>How long the value lives, as <see cref="PutOptions.Ttl"/>; ignored by a delete.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>The most this call may take; null uses <see cref="KeyValueClientOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Per-call settings of <see cref="KeyValueClient.UpdateAsync{T}(string, Func{T, T}, UpdateOptions?, CancellationToken)"/>.</summary>
public sealed record UpdateOptions
{
    /// <summary>Rounds of read, change and conditional write before giving up on a key others keep changing. Default 20.</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>First wait after losing a round; doubles per round with jitter, up to 1 s. Default 10 ms.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long the value lives once written; null: for good.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>The most each read or write may take; null uses <see cref="KeyValueClientOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}
