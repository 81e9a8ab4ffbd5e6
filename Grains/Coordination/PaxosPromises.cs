using OrleansKv.Contracts;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The promises of one prepare that every answering replica gave (a quorum of each group), read
/// the way Cassandra's v1 <c>Paxos.begin</c> reads them: the newest value among the replicas
/// (the read rode on the prepare), the proposal accepted under the highest ballot, and whether
/// that proposal is still in progress (accepted, its value newer than any value they hold).
/// </summary>
internal sealed record PaxosPromises(ValueVersion Ballot, ReplicaReply<PaxosPromise>[] Replies, ReplicaFailure[] Failures, int Attempted)
{
    public VersionedValue? Newest { get; } = Replies.Aggregate((VersionedValue?)null, (newest, r) => VersionedValue.Newest(newest, r.Value.Current));

    /// <summary>
    /// The proposal accepted under the highest ballot, if it may still be in progress: its
    /// ballot is above every ballot committed on the promising replicas (a proposal under a
    /// lower ballot lost to a value decided after it, and completing it would apply it over
    /// that value without its condition), and it is not empty (an empty one is never
    /// committed). Its value may already be in some replica's data: completing it again records
    /// its commit on a quorum, which is how its proposer learns it was applied.
    /// </summary>
    public PaxosProposal? InProgress
    {
        get
        {
            var highest = Replies
                .Select(r => r.Value.Accepted)
                .Where(a => a is not null)
                .MaxBy(a => a!.Ballot);
            var committed = Replies.Select(r => r.Value.Committed).Max();
            return highest is { IsEmpty: false } && highest.Ballot.IsNewerThan(committed) ? highest : null;
        }
    }

    /// <summary>Replicas that hold less than <see cref="Newest"/>: it must be on all of them before anything builds on it.</summary>
    public string[] Behind =>
        Newest is { } newest ? Replies.Where(r => newest.Version.IsNewerThan(r.Value.Current?.Version)).Select(r => r.NodeId).ToArray() : [];

    /// <summary>True when a promising replica lists a commit of a proposal with <paramref name="version"/>.</summary>
    public bool Committed(ValueVersion version) => CommitOf(version) is not null;

    /// <summary>The commit of the proposal whose value has <paramref name="version"/>, if a promising replica lists it.</summary>
    public PaxosCommitRecord? CommitOf(ValueVersion version) =>
        Replies.SelectMany(r => r.Value.Commits).FirstOrDefault(c => c.Version == version);

    /// <summary>True when a promising replica dropped from its list a commit under a ballot above <paramref name="ballot"/>.</summary>
    public bool ForgotCommitsAfter(ValueVersion ballot) => Replies.Any(r => r.Value.Forgotten is { } forgotten && forgotten.IsNewerThan(ballot));

    public string[] RepliedNodes => Replies.Select(r => r.NodeId).ToArray();
}
