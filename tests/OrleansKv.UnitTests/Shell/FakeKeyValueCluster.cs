using OrleansKv.Cluster;
using OrleansKv.Repair;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Results;
using OrleansKv.Shell.Execution;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Shell;

/// <summary>
/// A three-node cluster in memory for shell tests: node1..node3 on one ring, replication factor 3.
/// Nodes listed in <see cref="Down"/> throw NodeUnavailableException; <see cref="Hang"/> makes
/// every call to a node never answer.
/// </summary>
internal sealed class FakeKeyValueCluster : IKeyValueCluster
{
    private readonly Dictionary<string, byte[]> _values = [];

    public HashSet<string> Down { get; } = [];

    public HashSet<string> Hang { get; } = [];

    public List<string> Coordinators { get; } = [];

    public Exception? NextWriteFailure { get; set; }

    public static ValueVersion Version { get; } = new(123L << ValueVersion.LogicalBits, "node1");

    private static string[] Replicas => ["node1", "node2", "node3"];

    public Task<WriteResult> PutAsync(string coordinatorNode, string key, byte[] value, ConsistencyLevel level, TimeSpan? timeToLive = null) =>
        Serve(coordinatorNode, () =>
        {
            _values[key] = value;
            return Write(coordinatorNode, key, level);
        });

    public Task<ReadResult> GetAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Serve(coordinatorNode, () => new ReadResult(
            key, level, coordinatorNode, _values.GetValueOrDefault(key), _values.ContainsKey(key) ? Version : null,
            [coordinatorNode], Replicas, []));

    public Task<WriteResult> DeleteAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Serve(coordinatorNode, () =>
        {
            _values.Remove(key);
            return Write(coordinatorNode, key, level);
        });

    public Task<ReplicaPlacement> GetReplicasAsync(string coordinatorNode, string key) =>
        Serve(coordinatorNode, () => new ReplicaPlacement(
            key, 0xabcdefUL, [.. Replicas.Select(r => new ReplicaState(r, IsUp(r)))]));

    public Task<ReplicaInspection> InspectReplicasAsync(string coordinatorNode, string key) =>
        Serve(coordinatorNode, () => new ReplicaInspection(
            key, 0xabcdefUL, Version,
            [.. Replicas.Select(r => new ReplicaCopy(r, IsUp(r) ? ReplicaCopyState.Current : ReplicaCopyState.Down, IsUp(r) ? new VersionedValue(Version, [1]) : null, null))]));

    public Task<RingDescription> GetRingAsync(string coordinatorNode) =>
        Serve(coordinatorNode, () => new RingDescription(
            3, 64, [.. Replicas.Select(r => new RingNode(r, IsUp(r), $"10.0.0.{r[^1]}:11111@1", 64, 1 / 3.0, []))]));

    public Task<NodeStats> GetStatsAsync(string node, int sampleKeys) =>
        Serve(node, () => new NodeStats(
            node, $"10.0.0.{node[^1]}:11111@1", 4000 + node[^1], DateTimeOffset.UnixEpoch, _values.Count, 0,
            [.. _values.Keys.Take(sampleKeys)], null, 30000 + node[^1] - '0', $"/data/{node}",
            new ConvergenceStats(HintsFor.Values.Sum(), [.. HintsFor.Select(h => new HintCount(h.Key, h.Value))], 0, 0, 0, 0, false)));

    /// <summary>Hints the fake nodes report as pending, per target.</summary>
    public Dictionary<string, long> HintsFor { get; } = [];

    /// <summary>Polls a fake repair answers "running" before it is done.</summary>
    public int RepairPollsBeforeDone { get; set; } = 2;

    private int _repairPolls;

    public Task<RepairStatus> StartRepairAsync(string node) =>
        Serve(node, () =>
        {
            _repairPolls = 0;
            return RepairAt(node, RepairState.Running, 0);
        });

    public Task<RepairStatus?> GetRepairAsync(string node) =>
        Serve(node, () => (RepairStatus?)(++_repairPolls >= RepairPollsBeforeDone
            ? RepairAt(node, RepairState.Done, 4)
            : RepairAt(node, RepairState.Running, _repairPolls)));

    private static RepairStatus RepairAt(string node, RepairState state, int rangesDone) =>
        new(node, state, 4, rangesDone, 3, 2, 1200, 900, DateTimeOffset.UnixEpoch, state == RepairState.Done ? DateTimeOffset.UnixEpoch : null, null);

    private bool IsUp(string node) => !Down.Contains(node);

    private WriteResult Write(string coordinator, string key, ConsistencyLevel level)
    {
        if (NextWriteFailure is { } failure)
        {
            NextWriteFailure = null;
            throw failure;
        }

        var acknowledged = Replicas.Where(IsUp).ToArray();
        return new WriteResult(
            key, level, coordinator, Version, Replicas, acknowledged.Length, acknowledged,
            [.. Replicas.Where(r => !IsUp(r)).Select(r => new ReplicaFailure(r, "node is down"))]);
    }

    private Task<T> Serve<T>(string node, Func<T> answer)
    {
        Coordinators.Add(node);
        if (Hang.Contains(node))
        {
            return new TaskCompletionSource<T>().Task;
        }

        return Down.Contains(node) ? Task.FromException<T>(new NodeUnavailableException(node)) : Task.FromResult(answer());
    }
}
