namespace OrleansKv.Grains.NodeInfo;

/// <summary>When this node's services were created, for uptime reporting.</summary>
public sealed class NodeStartTime(TimeProvider time)
{
    public DateTimeOffset Value { get; } = time.GetUtcNow();
}
