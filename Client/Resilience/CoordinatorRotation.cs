namespace OrleansKv.Client.Resilience;

/// <summary>
/// Which coordinator serves the next attempt. Requests rotate over every configured coordinator,
/// skipping those that failed within <see cref="KeyValueClientOptions.CoordinatorQuarantine"/>.
/// </summary>
/// <remarks>
/// Rotating rather than sticking to one coordinator matters for failover: Orleans finds a grain
/// through the grain directory, whose entry for a coordinator may live on any silo. A client
/// that had only ever used one coordinator would, when that node freezes, look the others up
/// for the first time, and a lookup that lands on the frozen silo waits until membership
/// declares it dead (about 10 s measured). Traffic to every coordinator keeps their locations
/// cached, so failing over costs one attempt timeout.
/// </remarks>
internal sealed class CoordinatorRotation(IReadOnlyList<string> coordinators, TimeSpan quarantine, TimeProvider time)
{
    private readonly long[] _avoidUntil = new long[coordinators.Count];
    private long _next = -1;

    public int Count => coordinators.Count;

    public string this[int index] => coordinators[index];

    /// <summary>The coordinator for a request's first attempt.</summary>
    public int First() => NextAvailable((int)((ulong)Interlocked.Increment(ref _next) % (ulong)coordinators.Count));

    /// <summary>The coordinator for the attempt after one on <paramref name="failed"/>.</summary>
    public int After(int failed) => NextAvailable((failed + 1) % coordinators.Count);

    /// <summary>Keeps requests away from <paramref name="index"/> for the quarantine.</summary>
    public void MarkFailed(int index) =>
        Volatile.Write(ref _avoidUntil[index], time.GetTimestamp() + (long)(quarantine.TotalSeconds * time.TimestampFrequency));

    /// <summary>The first coordinator from <paramref name="from"/> on that is not quarantined; <paramref name="from"/> itself when all are.</summary>
    private int NextAvailable(int from)
    {
        var now = time.GetTimestamp();
        for (var i = 0; i < coordinators.Count; i++)
        {
            var index = (from + i) % coordinators.Count;
            if (Volatile.Read(ref _avoidUntil[index]) <= now)
            {
                return index;
            }
        }

        return from;
    }
}
