using OrleansKv.Consistency;

namespace OrleansKv.Bench.Drivers;

/// <summary>
/// One way of talking to the cluster. The value is fixed when the driver is made, so the hot
/// loop only picks a key and a level. <c>loop</c> identifies the calling
/// closed loop: drivers spread loops over their targets by it. Drivers never throw for a failed
/// operation; they classify it.
/// </summary>
public interface IKeyValueDriver : IAsyncDisposable
{
    /// <summary>"http" or "orleans".</summary>
    string Name { get; }

    /// <summary>The endpoints this driver spreads its loops over, as given.</summary>
    IReadOnlyList<string> Targets { get; }

    Task<OpResult> PutAsync(string key, ConsistencyLevel level, int loop);

    Task<OpResult> GetAsync(string key, ConsistencyLevel level, int loop);

    /// <summary>
    /// Adds one to the number the key holds (absent or not a number: 0) by a <c>serial</c> read and
    /// a compare-and-set, starting again from the current value up to <see cref="MaxIncrementAttempts"/>
    /// times while other writers win.
    /// </summary>
    Task<OpResult> IncrementAsync(string key, int loop);

    /// <summary>Compare-and-set rounds one increment may take before it counts as an error.</summary>
    const int MaxIncrementAttempts = 20;
}
