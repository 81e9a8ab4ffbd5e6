using Orleans.Placement;

namespace OrleansKv.Grains.Placement;

/// <summary>
/// Places a string-keyed grain on the silo whose name equals the grain's key ("node2" lives on
/// silo "node2"), and nowhere else: a node's storage must never be re-activated elsewhere with
/// empty data.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("kv.NodePinnedPlacement")]
public sealed class NodePinnedPlacement : PlacementStrategy
{
    public static NodePinnedPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class as pinned to the node named by its key.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePinnedPlacementAttribute() : PlacementAttribute(NodePinnedPlacement.Instance);
