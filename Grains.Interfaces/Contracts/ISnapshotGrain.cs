using OrleansKv.Snapshots;

namespace OrleansKv.Contracts;

/// <summary>
/// A node's snapshots, one activation per node, pinned to that node: RocksDB checkpoints of the
/// node's data under its data directory (<c>DIR/nodeK/snapshots/ID</c>).
/// </summary>
[Alias("kv.ISnapshotGrain")]
public interface ISnapshotGrain : IGrainWithStringKey
{
    /// <summary>Starts this node's checkpoint for <paramref name="request"/> and answers at once (running), or with the part already taken under that id.</summary>
    [Alias("Take")]
    ValueTask<NodeSnapshot> TakeAsync(SnapshotRequest request);

    /// <summary>Every snapshot this node holds a part of, oldest first.</summary>
    [Alias("List")]
    ValueTask<NodeSnapshot[]> ListAsync();

    /// <summary>Removes this node's part of snapshot <paramref name="id"/>; false when it holds none.</summary>
    [Alias("Delete")]
    ValueTask<bool> DeleteAsync(string id);
}
