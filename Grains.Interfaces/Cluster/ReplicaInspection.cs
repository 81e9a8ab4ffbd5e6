using OrleansKv.Versioning;

namespace OrleansKv.Cluster;

/// <summary>How one replica's copy of a key compares with the others. Sent by name in JSON: append only.</summary>
public enum ReplicaCopyState
{
    /// <summary>The replica holds the newest version any answering replica holds.</summary>
    Current = 0,

    /// <summary>The replica holds an older version than another replica, or nothing where another holds a version.</summary>
    Stale = 1,

    /// <summary>No answering replica knows the key.</summary>
    Absent = 2,

    /// <summary>The node is down in membership; it was not asked.</summary>
    Down = 3,

    /// <summary>The node is up but did not answer (timeout or error).</summary>
    Unreachable = 4,
}

/// <summary>One replica's copy of a key, read as it is, without repairing anything.</summary>
/// <param name="NodeId">The replica's node.</param>
/// <param name="State">Current, stale, absent, down or unreachable.</param>
/// <param name="Value">What the replica holds (a tombstone has a null value); null when it holds nothing or did not answer.</param>
/// <param name="Error">Why the replica gave no answer, for <see cref="ReplicaCopyState.Unreachable"/>.</param>
[GenerateSerializer, Immutable, Alias("kv.ReplicaCopy")]
public sealed record ReplicaCopy(
    [property: Id(0)] string NodeId,
    [property: Id(1)] ReplicaCopyState State,
    [property: Id(2)] VersionedValue? Value,
    [property: Id(3)] string? Error);

/// <summary>Every replica's copy of a key, in preference-list order, first replica first.</summary>
/// <param name="Key">The key.</param>
/// <param name="Token">The key's ring token.</param>
/// <param name="Newest">The newest version among the answers; null when no replica knows the key.</param>
/// <param name="Replicas">One entry per replica of the preference list.</param>
[GenerateSerializer, Immutable, Alias("kv.ReplicaInspection")]
public sealed record ReplicaInspection(
    [property: Id(0)] string Key,
    [property: Id(1)] ulong Token,
    [property: Id(2)] ValueVersion? Newest,
    [property: Id(3)] ReplicaCopy[] Replicas);
