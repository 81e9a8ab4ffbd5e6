using OrleansKv.Contracts;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// What an acceptor keeps for one key: the highest ballot it promised, the last proposal it
/// accepted (until a commit at or above its ballot), and its recent commits, newest first, up to
/// <see cref="KeptCommits"/>: a proposer that lost track of its own proposal learns from them
/// whether it was committed. <see cref="Forgotten"/> is the highest ballot of a commit dropped
/// from that list (null while none was), so a proposal older than it cannot be told apart.
/// </summary>
public sealed record PaxosAcceptorState(
    ValueVersion? Promised, PaxosProposal? Accepted, PaxosCommitRecord[]? Commits = null, ValueVersion? Forgotten = null)
{
    public const int KeptCommits = 64;

    /// <summary>The highest ballot committed here; null when none was.</summary>
    public ValueVersion? Committed => Commits is { Length: > 0 } commits ? commits.Max(c => c.Ballot) : null;

    /// <summary>
    /// The state after committing a proposal: the commit recorded (once per version), an accepted
    /// proposal at or below its ballot forgotten. The promise stays.
    /// </summary>
    public PaxosAcceptorState WithCommit(ValueVersion ballot, ValueVersion version)
    {
        var accepted = Accepted is { } a && ballot.CompareTo(a.Ballot) >= 0 ? null : Accepted;
        var commits = Commits ?? [];
        if (commits.Any(c => c.Version == version))
        {
            return this with { Accepted = accepted };
        }

        var kept = commits.Prepend(new PaxosCommitRecord(ballot, version)).ToArray();
        var forgotten = Forgotten;
        if (kept.Length > KeptCommits)
        {
            var dropped = kept[^1].Ballot;
            forgotten = dropped.IsNewerThan(forgotten) ? dropped : forgotten;
            kept = kept[..KeptCommits];
        }

        return new PaxosAcceptorState(Promised, accepted, kept, forgotten);
    }
}
