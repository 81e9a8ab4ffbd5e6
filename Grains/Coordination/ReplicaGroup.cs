using OrleansKv.Results;

namespace OrleansKv.Grains.Coordination;

/// <summary>Replicas of a key of which <see cref="Required"/> must answer (the level applied to one ring's preference list).</summary>
public readonly record struct ReplicaGroup(string[] Members, int Required)
{
    public int CountIn(IEnumerable<string> nodeIds)
    {
        var count = 0;
        foreach (var nodeId in nodeIds)
        {
            count += Array.IndexOf(Members, nodeId) >= 0 ? 1 : 0;
        }

        return count;
    }

    public bool MetBy<T>(List<ReplicaReply<T>> replies)
    {
        var count = 0;
        foreach (var reply in replies)
        {
            count += Array.IndexOf(Members, reply.NodeId) >= 0 ? 1 : 0;
        }

        return count >= Required;
    }

    /// <summary>True when so many members failed that <see cref="Required"/> can no longer answer.</summary>
    public bool LostBy(List<ReplicaFailure> failures)
    {
        var count = 0;
        foreach (var failure in failures)
        {
            count += Array.IndexOf(Members, failure.NodeId) >= 0 ? 1 : 0;
        }

        return count > Members.Length - Required;
    }
}
