using OrleansKv.Contracts;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// What an acceptor keeps for one key: the highest ballot it promised, and the last proposal it
/// accepted (until that proposal is committed).
/// </summary>
public sealed record PaxosAcceptorState(ValueVersion? Promised, PaxosProposal? Accepted);
