namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Tests that run in a second lane beside the main one (which holds every class without a
/// collection, one test at a time): each starts its own cluster on its own free ports and data
/// directory, moves a lot of data or waits on Paxos retries rather than on failure-detection or
/// clock timings, and builds nothing. The timing-bound tests (membership, the nemesis, clocks,
/// comebacks, the launcher's builds) stay in the main lane.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SideLaneCollection
{
    public const string Name = "side lane: own clusters, data-heavy";
}
