namespace OrleansKv.Snapshots;

/// <summary>Where one node's part of a snapshot is. Sent by value and kept in manifests: append-only, never reorder.</summary>
public enum SnapshotState
{
    /// <summary>The node is writing its checkpoint.</summary>
    Running = 0,

    /// <summary>The checkpoint is complete: the node can be restored from it.</summary>
    Done = 1,

    /// <summary>The checkpoint could not be written (or the node stopped while writing it); <see cref="NodeSnapshot.Error"/> says why.</summary>
    Failed = 2,
}

/// <summary>
/// What the coordinator asks every up node to checkpoint: one snapshot of the cluster, as the
/// ring record stood when it was asked.
/// </summary>
/// <param name="Id">The snapshot's id, the same on every node (<c>SnapshotIds</c> makes and checks them).</param>
/// <param name="Name">The operator's label, if any.</param>
/// <param name="CreatedAt">When the snapshot was asked for.</param>
/// <param name="Epoch">The ring record's epoch then.</param>
/// <param name="RingJson">The whole ring record then (node ids, states, tokens), so a restore can check the ring is the same.</param>
/// <param name="Nodes">Every ring member then: the nodes the snapshot should hold a checkpoint of.</param>
/// <param name="Missing">The members that were down then, which hold no checkpoint of it.</param>
[GenerateSerializer, Immutable, Alias("kv.SnapshotRequest")]
public sealed record SnapshotRequest(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] long Epoch,
    [property: Id(4)] string RingJson,
    [property: Id(5)] string[] Nodes,
    [property: Id(6)] string[] Missing);

/// <summary>One node's part of a snapshot: its request and how its checkpoint went.</summary>
/// <param name="Request">The snapshot as the coordinator asked for it.</param>
/// <param name="NodeId">The node holding this part.</param>
/// <param name="State">Running, done or failed.</param>
/// <param name="Bytes">Size of the node's checkpoint files (those shared with the live data by hard link included); 0 until done.</param>
/// <param name="Error">Why it failed.</param>
[GenerateSerializer, Immutable, Alias("kv.NodeSnapshot")]
public sealed record NodeSnapshot(
    [property: Id(0)] SnapshotRequest Request,
    [property: Id(1)] string NodeId,
    [property: Id(2)] SnapshotState State,
    [property: Id(3)] long Bytes,
    [property: Id(4)] string? Error);
