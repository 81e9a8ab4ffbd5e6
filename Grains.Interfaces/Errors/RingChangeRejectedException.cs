namespace OrleansKv.Errors;

/// <summary>Why a ring change was refused. Crosses the wire: append-only, never reorder.</summary>
[GenerateSerializer, Alias("kv.RingChangeRejection")]
public enum RingChangeRejection
{
    /// <summary>The node id is not in the ring.</summary>
    UnknownNode = 0,

    /// <summary>Another change is in progress, the node is in the wrong state or up, or the ring would shrink below the replication factor.</summary>
    Conflict = 1,
}

/// <summary>A ring change (decommission, remove) that cannot be made now; the message says why.</summary>
[GenerateSerializer, Alias("kv.RingChangeRejectedException")]
public sealed class RingChangeRejectedException : InvalidOperationException
{
    public RingChangeRejectedException(RingChangeRejection reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    [Id(0)]
    public RingChangeRejection Reason { get; }
}
