namespace OrleansKv.Grains.Ring;

/// <summary>Shape of the consistent-hash ring. Must be identical on every node.</summary>
public sealed class RingOptions
{
    /// <summary>Tokens (virtual nodes) per node. Default 256.</summary>
    public int VirtualNodesPerNode { get; set; } = 256;

    /// <summary>Replicas per key (N). Default 3; capped by the number of ring members.</summary>
    public int ReplicationFactor { get; set; } = 3;
}
