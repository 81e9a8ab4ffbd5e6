namespace OrleansKv.TestSupport.Linearizability;

/// <summary>
/// One operation of a recorded history: what a client asked, what it was answered, and when it
/// was sent and answered, all read from one monotonic clock in the test driver. Intervals are
/// closed: an operation answered at t overlaps one sent at t. An operation whose outcome is
/// unknown (a timeout, a crashed client) has <see cref="Return"/> = <see cref="Never"/>.
/// </summary>
public sealed record HistoryOperation<TInput, TOutput>(int Client, TInput Input, long Call, TOutput Output, long Return)
{
    /// <summary>The return time of an operation whose answer never came.</summary>
    public const long Never = long.MaxValue;
}
