using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// The rings one ring record implies. <see cref="Current"/> (normal and leaving nodes) decides
/// whom reads ask. During a change, writes must also satisfy the level on a second ring,
/// <see cref="Transition"/>: the ring after the change while a node joins or leaves (its new
/// replicas get every write while they stream), then the ring before it until every node
/// follows the new owners. Each write is thus acknowledged by the level on both rings, so a
/// quorum read on whichever ring a node follows overlaps it, even while nodes' epochs differ
/// by one step.
/// </summary>
public sealed class RingTopology
{
    private RingTopology(RingRecord record, HashRing current, HashRing? transition)
    {
        Record = record;
        Current = current;
        Transition = transition;
    }

    public static RingTopology Empty { get; } = From(RingRecord.Empty);

    public RingRecord Record { get; }

    public long Epoch => Record.Epoch;

    /// <summary>The ring that owns data now: normal and leaving nodes.</summary>
    public HashRing Current { get; }

    /// <summary>The other ring writes must satisfy during a change; null when settled.</summary>
    public HashRing? Transition { get; }

    /// <summary>The ring once the change in progress completes (<see cref="Current"/> when none is in progress).</summary>
    public HashRing Next => Record.Previous is null && Transition is not null ? Transition : Current;

    public bool Settled => !Record.ChangeInProgress;

    /// <summary>Members that have not been removed, sorted by id.</summary>
    public IEnumerable<RingMember> Members => Record.Members.Where(m => m.State != RingMemberState.Removed);

    public RingMemberState? StateOf(string nodeId) => Record.Member(nodeId)?.State;

    public static RingTopology From(RingRecord record)
    {
        var current = Ring(RingChanges.Owners(record));
        HashRing? transition = null;
        if (record.Previous is { } previous)
        {
            transition = Ring(previous);
        }
        else if (record.ChangeInProgress)
        {
            transition = Ring(record.Members.Where(m => m.State is RingMemberState.Normal or RingMemberState.Joining));
        }

        return new RingTopology(record, current, transition);
    }

    private static HashRing Ring(IEnumerable<RingMember> members) =>
        HashRing.FromTokens(members.Select(m => (m.NodeId, (IReadOnlyList<ulong>)m.Tokens)));
}
