namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Tests that run in a second lane beside the main one (which holds every class without a
/// collection, one test at a time): each starts its own cluster on its own free ports and data
/// directory, moves a lot of data or waits on Paxos retries rather than on failure detection,
/// and builds nothing. A test that kills a node and needs the others to stay up and be seen up
/// (listing across a kill, the shell with a node down, replica views) stays in the main lane:
/// beside a second lane, a survivor starved of CPU was once declared unavailable.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SideLaneCollection
{
    public const string Name = "side lane: own clusters, data-heavy";
}
