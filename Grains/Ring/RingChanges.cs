using OrleansKv.Errors;
using OrleansKv.Jobs;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// Every change of the ring record, as pure functions from one epoch to the next. Each checks
/// that it is allowed from the given record (one change at a time) and refuses with a
/// <see cref="RingChangeRejectedException"/> otherwise; writing the result is a compare-and-swap,
/// so a change computed from a record another node has replaced meanwhile is never stored.
/// </summary>
public static class RingChanges
{
    /// <summary>The first record of a cluster: these nodes own the ring at once, with nothing to stream.</summary>
    public static RingRecord Bootstrap(IEnumerable<string> nodeIds, int virtualNodes, DateTimeOffset now) =>
        new(1, nodeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(n => new RingMember(n, RingMemberState.Normal, HashRing.TokensFor(n, virtualNodes))).ToArray(), null, now);

    /// <summary>A ring that owns nothing (every node was removed): <paramref name="nodeId"/> owns it at once.</summary>
    public static RingRecord JoinEmptyRing(RingRecord record, string nodeId, int virtualNodes, DateTimeOffset now)
    {
        EnsureNoChange(record, $"{nodeId} cannot join");
        if (Owners(record).Length > 0)
        {
            throw Conflict($"{nodeId} cannot take over the ring: it has owners.");
        }

        return With(record, new RingMember(nodeId, RingMemberState.Normal, HashRing.TokensFor(nodeId, virtualNodes)), null, now);
    }

    /// <summary><paramref name="nodeId"/> enters as joining and drives its own join.</summary>
    public static RingRecord Join(RingRecord record, string nodeId, int virtualNodes, DateTimeOffset now)
    {
        EnsureNoChange(record, $"{nodeId} cannot join");
        if (record.Member(nodeId) is { State: not RingMemberState.Removed } existing)
        {
            throw Conflict($"{nodeId} is already in the ring ({Name(existing.State)}).");
        }

        return With(record, new RingMember(nodeId, RingMemberState.Joining, HashRing.TokensFor(nodeId, virtualNodes)), nodeId, now);
    }

    /// <summary>The joining node has streamed its ranges: it owns them from this epoch on.</summary>
    public static RingRecord CompleteJoin(RingRecord record, string nodeId, DateTimeOffset now)
    {
        var member = Require(record, nodeId);
        if (member.State != RingMemberState.Joining)
        {
            throw Conflict($"{nodeId} is not joining ({Name(member.State)}).");
        }

        return With(record, member with { State = RingMemberState.Normal }, record.ChangeDriver, now) with { Previous = Owners(record) };
    }

    /// <summary>
    /// <paramref name="nodeId"/> starts leaving, with <paramref name="driver"/> running the
    /// streaming: the node itself for a decommission, another node for the removal of a dead one.
    /// A dead joining node owns nothing yet and is removed at once; a dead leaving node whose own
    /// decommission stalled gets a new driver.
    /// </summary>
    public static RingRecord Leave(RingRecord record, string nodeId, string driver, int minimumNodes, DateTimeOffset now)
    {
        var member = Require(record, nodeId);
        switch (member.State)
        {
            case RingMemberState.Joining when driver != nodeId:
                return With(record, member with { State = RingMemberState.Removed, Tokens = [] }, null, now);
            case RingMemberState.Leaving when driver != nodeId:
                return With(record, member, driver, now);
            case RingMemberState.Normal:
                EnsureNoChange(record, $"{nodeId} cannot leave");
                var remaining = record.Members.Count(m => m.State == RingMemberState.Normal) - 1;
                if (remaining < minimumNodes)
                {
                    throw Conflict($"{nodeId} cannot leave: {remaining} nodes would remain, fewer than the replication factor {minimumNodes}. Add a node first.");
                }

                return With(record, member with { State = RingMemberState.Leaving }, driver, now);
            default:
                throw Conflict($"{nodeId} cannot leave: it is {Name(member.State)}.");
        }
    }

    /// <summary>The leaving node's ranges have reached their next owners: it is out of the ring.</summary>
    public static RingRecord CompleteLeave(RingRecord record, string nodeId, DateTimeOffset now)
    {
        var member = Require(record, nodeId);
        if (member.State != RingMemberState.Leaving)
        {
            throw Conflict($"{nodeId} is not leaving ({Name(member.State)}).");
        }

        return With(record, member with { State = RingMemberState.Removed, Tokens = [] }, record.ChangeDriver, now) with { Previous = Owners(record) };
    }

    /// <summary>Every node follows the completed change: writes go to the new owners only, and the old ones may drop what they lost.</summary>
    public static RingRecord Settle(RingRecord record, DateTimeOffset now)
    {
        if (record.Previous is null)
        {
            throw Conflict($"No completed change is settling at epoch {record.Epoch}.");
        }

        return record with { Epoch = record.Epoch + 1, ChangeDriver = null, ChangedAt = now, Previous = null };
    }

    /// <summary>The node joining or leaving, if any.</summary>
    public static RingMember? Moving(RingRecord record) =>
        Array.Find(record.Members, m => m.State is RingMemberState.Joining or RingMemberState.Leaving);

    /// <summary>What a moving node's change is in progress reports: a join, a decommission (it drives its own leave) or a removal.</summary>
    public static JobKind ChangeKind(RingRecord record, RingMember moving) =>
        moving.State == RingMemberState.Joining ? JobKind.Join : moving.NodeId == record.ChangeDriver ? JobKind.Decommission : JobKind.Remove;

    /// <summary>The nodes that own data in <paramref name="record"/>: normal and leaving ones.</summary>
    public static RingMember[] Owners(RingRecord record) =>
        record.Members.Where(m => m.State is RingMemberState.Normal or RingMemberState.Leaving).ToArray();

    /// <summary>How states read in the API and the shell.</summary>
    public static string Name(RingMemberState state) => state switch
    {
        RingMemberState.Joining => "joining",
        RingMemberState.Normal => "normal",
        RingMemberState.Leaving => "leaving",
        _ => "removed",
    };

    private static RingMember Require(RingRecord record, string nodeId) =>
        record.Member(nodeId) ?? throw new RingChangeRejectedException(
            RingChangeRejection.UnknownNode,
            $"Unknown node '{nodeId}'; ring members: {string.Join(", ", record.Members.Where(m => m.State != RingMemberState.Removed).Select(m => m.NodeId))}.");

    private static void EnsureNoChange(RingRecord record, string what)
    {
        if (record.ChangeInProgress)
        {
            var moving = Moving(record);
            var doing = moving is null ? $"the last change (driven by {record.ChangeDriver}) is settling" : $"{moving.NodeId} is {Name(moving.State)}";
            throw Conflict($"{what} now: {doing} (epoch {record.Epoch}); one ring change at a time.");
        }
    }

    private static RingRecord With(RingRecord record, RingMember changed, string? driver, DateTimeOffset now) =>
        new(
            record.Epoch + 1,
            record.Members.Where(m => m.NodeId != changed.NodeId).Append(changed).OrderBy(m => m.NodeId, StringComparer.Ordinal).ToArray(),
            driver,
            now);

    private static RingChangeRejectedException Conflict(string message) => new(RingChangeRejection.Conflict, message);
}
