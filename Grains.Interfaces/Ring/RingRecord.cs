namespace OrleansKv.Ring;

/// <summary>
/// Who owns what: the cluster's durable, versioned ring membership. Orleans membership says who
/// is alive; this record says which nodes own ranges and in what state. Every change is a new
/// record with <see cref="Epoch"/> one higher, written by compare-and-swap on the epoch, so two
/// nodes can never both change the ring from the same starting point.
/// </summary>
/// <param name="Epoch">Grows by one on every change; 0 means no ring exists yet.</param>
/// <param name="Members">Every node the ring has known, removed ones included, sorted by id.</param>
/// <param name="ChangeDriver">The node running the change in progress (the joining or leaving node, or whoever removes a dead one); null when settled.</param>
/// <param name="ChangedAt">When this epoch was written.</param>
/// <param name="Previous">
/// While a completed change settles: the owners before it, which writes still reach (and must
/// satisfy the level on) until every node follows the new owners. Null otherwise.
/// </param>
[GenerateSerializer, Immutable, Alias("kv.RingRecord")]
public sealed record RingRecord(
    [property: Id(0)] long Epoch,
    [property: Id(1)] RingMember[] Members,
    [property: Id(2)] string? ChangeDriver,
    [property: Id(3)] DateTimeOffset ChangedAt,
    [property: Id(4)] RingMember[]? Previous = null)
{
    /// <summary>No ring yet.</summary>
    public static RingRecord Empty { get; } = new(0, [], null, DateTimeOffset.UnixEpoch);

    /// <summary>The member with this id, if the ring has ever known it.</summary>
    public RingMember? Member(string nodeId) => Array.Find(Members, m => m.NodeId == nodeId);

    /// <summary>True while a node is joining or leaving, or the last change is settling: one change at a time.</summary>
    public bool ChangeInProgress => Previous is not null || Array.Exists(Members, m => m.State is RingMemberState.Joining or RingMemberState.Leaving);
}
