using OrleansKv.Contracts;
using OrleansKv.Grains.Coordination;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Coordination;

/// <summary>How a proposer reads a quorum of promises: what is in progress, what is newest, what was committed.</summary>
public sealed class PaxosPromisesTests
{
    private static ValueVersion V(long t, string node = "node1") => new(t, node);

    private static PaxosProposal Proposal(long ballot, long version) => new(V(ballot), new VersionedValue(V(version), [1]));

    private static ReplicaReply<PaxosPromise> Reply(string node, PaxosProposal? accepted, VersionedValue? current, params PaxosCommitRecord[] commits) =>
        new(node, new PaxosPromise(true, V(100), accepted, current, commits, null));

    [Fact]
    public void The_highest_accepted_proposal_above_every_commit_is_in_progress()
    {
        var promises = new PaxosPromises(V(100), [
            Reply("node1", Proposal(20, 21), null, new PaxosCommitRecord(V(10), V(11))),
            Reply("node2", Proposal(15, 16), null),
        ], [], 2);

        Assert.Equal(V(20), promises.InProgress!.Ballot);
    }

    [Fact]
    public void A_proposal_accepted_below_a_committed_ballot_lost_and_is_never_completed()
    {
        // A proposal that only one replica accepted, then a later value committed: completing
        // the old one would apply it over the later value without its condition.
        var promises = new PaxosPromises(V(100), [
            Reply("node1", Proposal(20, 21), null),
            Reply("node2", null, new VersionedValue(V(19), [2]), new PaxosCommitRecord(V(30), V(19))),
        ], [], 2);

        Assert.Null(promises.InProgress);
        Assert.Equal(V(19), promises.Newest!.Version);
        Assert.Equal(["node1"], promises.Behind);
    }

    [Fact]
    public void An_empty_proposal_hides_older_accepted_ones_and_is_itself_never_in_progress()
    {
        var promises = new PaxosPromises(V(100), [
            Reply("node1", Proposal(20, 21), null),
            Reply("node2", new PaxosProposal(V(25), null), null),
        ], [], 2);

        Assert.Null(promises.InProgress);
    }

    [Fact]
    public void A_commit_listed_by_any_replica_is_found_and_a_dropped_newer_commit_is_reported()
    {
        var promises = new PaxosPromises(V(100), [
            new("node1", new PaxosPromise(true, V(100), null, null, [new PaxosCommitRecord(V(40), V(41))], V(35))),
            Reply("node2", null, null),
        ], [], 2);

        Assert.True(promises.Committed(V(41)));
        Assert.False(promises.Committed(V(21)));
        Assert.True(promises.ForgotCommitsAfter(V(30)));
        Assert.False(promises.ForgotCommitsAfter(V(35)));
    }
}
