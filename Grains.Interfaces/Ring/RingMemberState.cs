namespace OrleansKv.Ring;

/// <summary>
/// Where a node stands in the ring record. Persisted by name and crosses the wire: append-only,
/// never reorder.
/// </summary>
[GenerateSerializer, Alias("kv.RingMemberState")]
public enum RingMemberState
{
    /// <summary>Entering: receives writes for the ranges it will own (not counted towards the level) and streams them; serves no reads yet.</summary>
    Joining = 0,

    /// <summary>Owns its ranges.</summary>
    Normal = 1,

    /// <summary>Going away (decommission, or removal of a dead node): still owns its ranges while their next owners stream them.</summary>
    Leaving = 2,

    /// <summary>Out of the ring for good; kept so the same id with old data cannot silently come back.</summary>
    Removed = 3,
}
