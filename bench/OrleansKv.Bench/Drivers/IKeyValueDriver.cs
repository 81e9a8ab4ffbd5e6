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
}
