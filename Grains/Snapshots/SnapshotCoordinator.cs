using Microsoft.Extensions.Logging;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Ring;
using OrleansKv.Snapshots;

namespace OrleansKv.Grains.Snapshots;

/// <summary>One node's part of a cluster-wide snapshot; <see cref="State"/> null when the node holds none (it was down, or is now).</summary>
public sealed record SnapshotPart(string NodeId, SnapshotState? State, long Bytes, string? Error);

/// <summary>A cluster-wide snapshot: what was asked, and each node's part.</summary>
public sealed record ClusterSnapshot(SnapshotRequest Request, SnapshotPart[] Nodes);

/// <summary>Where a snapshot was deleted, and which ring members could not be asked (down or not answering).</summary>
public sealed record SnapshotDeletion(string[] DeletedOn, string[] NotReached);

/// <summary>
/// Snapshots of the whole cluster, from any node: asks every up ring member to checkpoint its
/// data under one id and the current ring record, and gathers or deletes the parts. Each node
/// answers at once and writes its checkpoint in the background (<see cref="SnapshotService"/>),
/// so a snapshot request costs one message per node. A member that is down, or does not answer
/// in time, holds no part and is listed as missing.
/// </summary>
public sealed partial class SnapshotCoordinator(IGrainFactory grains, ClusterView cluster, TimeProvider time, ILogger<SnapshotCoordinator> logger)
{
    private static readonly TimeSpan NodeCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts a snapshot of every ring member; returns its request at once (the checkpoints are
    /// being written). Refused while a ring change streams data (a node's part would hold ranges
    /// half moved): throws <see cref="InvalidOperationException"/> saying so.
    /// </summary>
    public async Task<SnapshotRequest> StartAsync(string? name)
    {
        var state = cluster.Current;
        var record = state.Topology.Record;
        if (record.Epoch == 0)
        {
            throw new InvalidOperationException("The cluster has no ring yet; a snapshot needs one.");
        }

        if (record.ChangeInProgress)
        {
            throw new InvalidOperationException($"A ring change is in progress (epoch {record.Epoch}); take the snapshot once it has settled.");
        }

        var members = MembersOf(state);
        var now = time.GetUtcNow();
        var request = new SnapshotRequest(
            SnapshotIds.New(now), string.IsNullOrEmpty(name) ? null : name, now, record.Epoch, RingRecordJson.Serialize(record),
            members, members.Where(n => !state.IsUp(n)).ToArray());
        await Task.WhenAll(members.Where(state.IsUp).Select(async nodeId =>
        {
            try
            {
                await grains.GetGrain<ISnapshotGrain>(nodeId).TakeAsync(request).AsTask().WaitAsync(NodeCallTimeout);
            }
            catch (Exception ex)
            {
                // The node holds no part, or one it finished on its own: the listing says which.
                LogNodeNotAsked(logger, "take snapshot " + request.Id, nodeId, ex);
            }
        }));
        return request;
    }

    /// <summary>Every snapshot some up node holds a part of, oldest first, each with every node's part.</summary>
    public async Task<ClusterSnapshot[]> ListAsync()
    {
        var parts = (await AskEveryUpMemberAsync("list snapshots", g => g.ListAsync())).SelectMany(p => p.Answer ?? []).ToArray();
        return parts
            .GroupBy(p => p.Request.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                // Every part carries the same request; a part the node could not read carries an empty one.
                var request = g.Select(p => p.Request).FirstOrDefault(r => r.Nodes.Length > 0) ?? g.First().Request;
                var byNode = g.ToDictionary(p => p.NodeId, StringComparer.Ordinal);
                var nodes = request.Nodes.Union(byNode.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .Select(n => byNode.TryGetValue(n, out var part) ? new SnapshotPart(n, part.State, part.Bytes, part.Error) : new SnapshotPart(n, null, 0, null))
                    .ToArray();
                return new ClusterSnapshot(request, nodes);
            })
            .ToArray();
    }

    /// <summary>Deletes snapshot <paramref name="id"/> on every up ring member.</summary>
    public async Task<SnapshotDeletion> DeleteAsync(string id)
    {
        var answers = await AskEveryUpMemberAsync("delete snapshot " + id, g => g.DeleteAsync(id));
        return new SnapshotDeletion(
            answers.Where(a => a.Answer).Select(a => a.NodeId).ToArray(),
            answers.Where(a => a.Failed).Select(a => a.NodeId).ToArray());
    }

    private static string[] MembersOf(ClusterState state) =>
        state.Topology.Members.Select(m => m.NodeId).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Each ring member's answer; a member that is down or does not answer in time is marked failed.</summary>
    private async Task<(string NodeId, T? Answer, bool Failed)[]> AskEveryUpMemberAsync<T>(string what, Func<ISnapshotGrain, ValueTask<T>> ask)
    {
        var state = cluster.Current;
        return await Task.WhenAll(MembersOf(state).Select(async nodeId =>
        {
            if (!state.IsUp(nodeId))
            {
                return (nodeId, default(T), true);
            }

            try
            {
                return (nodeId, await ask(grains.GetGrain<ISnapshotGrain>(nodeId)).AsTask().WaitAsync(NodeCallTimeout), false);
            }
            catch (Exception ex)
            {
                LogNodeNotAsked(logger, what, nodeId, ex);
                return (nodeId, default(T), true);
            }
        }));
    }

    [LoggerMessage(EventId = 10004, Level = LogLevel.Warning, Message = "Could not {What} on {NodeId}")]
    private static partial void LogNodeNotAsked(ILogger logger, string what, string nodeId, Exception exception);
}
