using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>
/// A Paxos proposal for one key: the value to commit, under a ballot. The ballot is a version
/// (hybrid logical clock timestamp, then node id), so ballots are totally ordered and unique by
/// construction. <see cref="Value"/> carries its own version, which stays the same when another
/// proposer completes the proposal under a newer ballot. A null <see cref="Value"/> is an empty
/// proposal: never committed, it only makes older in-flight proposals lose (CASSANDRA-12126).
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.PaxosProposal")]
public sealed record PaxosProposal(
    [property: Id(0)] ValueVersion Ballot,
    [property: Id(1)] VersionedValue? Value)
{
    public bool IsEmpty => Value is null;
}

/// <summary>
/// An acceptor's answer to a prepare: whether it promised the ballot (else the higher ballot it
/// promised, to retry above), the proposal it accepted last, what its replica holds for the key
/// (the read rides on the prepare), its recent commits (newest first) and the highest ballot of a
/// commit it no longer lists.
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.PaxosPromise")]
public sealed record PaxosPromise(
    [property: Id(0)] bool Promised,
    [property: Id(1)] ValueVersion PromisedBallot,
    [property: Id(2)] PaxosProposal? Accepted,
    [property: Id(3)] VersionedValue? Current,
    [property: Id(4)] PaxosCommitRecord[] Commits,
    [property: Id(5)] ValueVersion? Forgotten)
{
    /// <summary>The highest ballot committed at this acceptor; null when none was.</summary>
    public ValueVersion? Committed => Commits.Length == 0 ? null : Commits.Max(c => c.Ballot);
}

/// <summary>An acceptor's answer to a proposal: accepted, or refused with the higher ballot it promised.</summary>
[GenerateSerializer, Immutable, Alias("kv.PaxosAcceptance")]
public sealed record PaxosAcceptance(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] ValueVersion PromisedBallot);

/// <summary>A proposal an acceptor saw committed: the ballot it was committed under and the version of its value.</summary>
[GenerateSerializer, Immutable, Alias("kv.PaxosCommitRecord")]
public sealed record PaxosCommitRecord(
    [property: Id(0)] ValueVersion Ballot,
    [property: Id(1)] ValueVersion Version);
