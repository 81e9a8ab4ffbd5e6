using OrleansKv.Cluster;

namespace OrleansKv.Contracts;

/// <summary>What a node reports about itself, one activation per node, pinned to that node.</summary>
[Alias("kv.INodeInfoGrain")]
public interface INodeInfoGrain : IGrainWithStringKey
{
    /// <summary>Counts, hints, repairs and a sample of keys held on this node.</summary>
    [Alias("GetStats")]
    ValueTask<NodeStats> GetStatsAsync(int sampleKeys);
}
