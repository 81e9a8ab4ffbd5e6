using OrleansKv.Results;

namespace OrleansKv.Grains.Coordination;

/// <summary>One replica's answer.</summary>
public readonly record struct ReplicaReply<T>(string NodeId, T Value);

/// <summary>What a fan-out had collected when it finished: enough answers, or too many failures.</summary>
/// <param name="Required">Answers the consistency level needs.</param>
/// <param name="Attempted">Replicas actually called (those known to be down are not).</param>
/// <param name="Replies">Answers received, in arrival order.</param>
/// <param name="Failures">Replicas known to have failed, with the reason.</param>
/// <param name="Settled">Every answer, once all calls have ended (answers that came after the decision too).</param>
/// <param name="LevelMet">True when the owners answered as the level needs (and, during a ring change, the next owners too).</param>
public sealed record FanoutOutcome<T>(
    int Required, int Attempted, ReplicaReply<T>[] Replies, ReplicaFailure[] Failures, Task<ReplicaReply<T>[]> Settled, bool LevelMet)
{

    public string[] RepliedNodes => Replies.Select(r => r.NodeId).ToArray();
}
