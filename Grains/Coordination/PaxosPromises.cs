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
    /// The proposal accepted under the highest ballot, if it is not known to be committed: an
    /// empty one hides nothing (it was accepted only after every proposal before it was
    /// committed on a quorum), and one whose value a replica holds, or holds something newer
    /// than, is done.
    /// </summary>
    public PaxosProposal? InProgress
    {
        get
        {
            var highest = Replies
                .Select(r => r.Value.Accepted)
                .Where(a => a is not null)
                .MaxBy(a => a!.Ballot);
            return highest?.Value is { } value && value.Version.IsNewerThan(Newest?.Version) ? highest : null;
        }
    }

    /// <summary>Replicas that hold less than <see cref="Newest"/>: it must be on all of them before anything builds on it.</summary>
    public string[] Behind =>
        Newest is { } newest ? Replies.Where(r => newest.Version.IsNewerThan(r.Value.Current?.Version)).Select(r => r.NodeId).ToArray() : [];

    public string[] RepliedNodes => Replies.Select(r => r.NodeId).ToArray();
}
