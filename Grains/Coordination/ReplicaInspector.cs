using Microsoft.Extensions.Options;
using OrleansKv.Cluster;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Reads every replica's copy of a key for operators, and says which copies are stale. A
/// diagnostic read: it asks every up replica (not as many as a level needs), never writes, and
/// so never repairs what it shows; each call is bounded by the replica timeout.
/// </summary>
public sealed class ReplicaInspector(ClusterView cluster, ReplicaDirectory replicas, RequestValidator validator, IOptions<ReplicationOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.ReplicaTimeout;

    public async Task<ReplicaInspection> InspectAsync(string key)
    {
        validator.ValidateKey(key);
        var state = cluster.Current;
        var token = RingToken.Of(key);
        var nodes = state.Ring.PreferenceList(token, cluster.ReplicationFactor);
        var answers = await Task.WhenAll(nodes.Select(n => ReadAsync(state, n, key)));

        var newest = answers.Where(a => a.Answered && a.Value is not null).Select(a => a.Value!.Version).Max();
        var copies = answers
            .Select(a => new ReplicaCopy(a.NodeId, StateOf(a, newest), a.Value, a.Error))
            .ToArray();
        return new ReplicaInspection(key, token, newest, copies);
    }

    private static ReplicaCopyState StateOf(Answer answer, ValueVersion? newest) => answer switch
    {
        { Answered: false, Error: null } => ReplicaCopyState.Down,
        { Answered: false } => ReplicaCopyState.Unreachable,
        _ when newest is null => ReplicaCopyState.Absent,
        { Value: null } => ReplicaCopyState.Stale,
        _ => answer.Value.Version.CompareTo(newest) < 0 ? ReplicaCopyState.Stale : ReplicaCopyState.Current,
    };

    private async Task<Answer> ReadAsync(ClusterState state, string nodeId, string key)
    {
        if (!state.IsUp(nodeId))
        {
            return new Answer(nodeId, false, null, null);
        }

        try
        {
            var value = await replicas.For(nodeId).ReadAsync(key).AsTask().WaitAsync(_timeout);
            return new Answer(nodeId, true, value, null);
        }
        catch (TimeoutException)
        {
            return new Answer(nodeId, false, null, $"no answer within {_timeout.TotalMilliseconds:0} ms");
        }
        catch (NodeUnavailableException)
        {
            return new Answer(nodeId, false, null, null);
        }
        catch (Exception ex)
        {
            return new Answer(nodeId, false, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private sealed record Answer(string NodeId, bool Answered, VersionedValue? Value, string? Error);
}
