using OrleansKv.Contracts;
using OrleansKv.Client;
using OrleansKv.Cluster;
using OrleansKv.Grains.Replica;
using OrleansKv.Jobs;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Results;
using OrleansKv.Ring;
using OrleansKv.Shell.Execution;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Shell;

/// <summary>
/// A three-node cluster in memory for shell tests: node1..node3 on one ring, replication factor 3.
/// Nodes listed in <see cref="Down"/> throw NodeUnavailableException; <see cref="Hang"/> makes
/// every call to a node never answer. A decommission or removal settles after
/// <see cref="RingChangePollsBeforeDone"/> reads of the ring record; a decommissioned node then goes down.
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

    public Task ImportAsync(string coordinatorNode, ListedKey[] entries, ConsistencyLevel level) =>
        Serve(coordinatorNode, () =>
        {
            foreach (var entry in entries)
            {
                _values[entry.Key] = entry.Value;
            }

            return true;
        });

    /// <summary>Pages through the stored keys in ordinal order; the cursor is the last key of the page.</summary>
    public Task<KeyPage> ListKeysAsync(string coordinatorNode, string prefix, int limit, string? cursor, ConsistencyLevel level) =>
        Serve(coordinatorNode, () =>
        {
            var keys = _values.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (cursor is null || string.CompareOrdinal(k, cursor) > 0))
                .Order(StringComparer.Ordinal).ToList();
            var page = keys.Take(limit).Select(k => new ListedKey(k, _values[k], Version, null)).ToArray();
            return new KeyPage(page, keys.Count > limit ? page[^1].Key : null);
        });

    public Task<WriteResult> DeleteAsync(string coordinatorNode, string key, ConsistencyLevel level) =>
        Serve(coordinatorNode, () =>
        {
            _values.Remove(key);
            return Write(coordinatorNode, key, level);
        });

    // Every value the fake holds has the one version Version, so a condition on it holds while the key is present.
    public Task<WriteResult> PutIfAsync(string coordinatorNode, string key, byte[] value, WriteCondition condition, TimeSpan? timeToLive = null) =>
        Serve(coordinatorNode, () =>
        {
            EnsureHolds(key, condition);
            _values[key] = value;
            return Write(coordinatorNode, key, ConsistencyLevel.Serial);
        });

    public Task<WriteResult> DeleteIfAsync(string coordinatorNode, string key, WriteCondition condition) =>
        Serve(coordinatorNode, () =>
        {
            EnsureHolds(key, condition);
            _values.Remove(key);
            return Write(coordinatorNode, key, ConsistencyLevel.Serial);
        });

    private void EnsureHolds(string key, WriteCondition condition)
    {
        var current = _values.GetValueOrDefault(key);
        if (!condition.HoldsFor(current is null ? null : new VersionedValue(Version, current)))
        {
            throw new ConditionFailedException(key, condition.ToString(), current, current is null ? null : Version);
        }
    }

    public Task<ReplicaPlacement> GetReplicasAsync(string coordinatorNode, string key) =>
        Serve(coordinatorNode, () => new ReplicaPlacement(
            key, 0xabcdefUL, [.. Replicas.Select(r => new ReplicaState(r, IsUp(r)))]));

    public Task<ReplicaInspection> InspectReplicasAsync(string coordinatorNode, string key) =>
        Serve(coordinatorNode, () => new ReplicaInspection(
            key, 0xabcdefUL, Version,
            [.. Replicas.Select(r => new ReplicaCopy(r, IsUp(r) ? ReplicaCopyState.Current : ReplicaCopyState.Down, IsUp(r) ? new VersionedValue(Version, [1]) : null, null))]));

    public Task<RingDescription> GetRingAsync(string coordinatorNode) =>
        Serve(coordinatorNode, () => new RingDescription(
            3, 64,
            [
                .. Record.Members.Where(m => m.State != RingMemberState.Removed).Select(m => new RingNode(
                    m.NodeId, IsUp(m.NodeId), $"10.0.0.{m.NodeId[^1]}:11111@1", 64, 1 / 3.0, [], m.State.ToString().ToLowerInvariant())),
            ],
            Record.Epoch));

    /// <summary>The ring record every fake node follows: node1..node3 normal at epoch 5 until a change.</summary>
    public RingRecord Record { get; private set; } =
        new(5, [.. Replicas.Select(r => new RingMember(r, RingMemberState.Normal, []))], null, DateTimeOffset.UnixEpoch);

    /// <summary>Thrown by the next decommission or removal, as a node that refuses the change would.</summary>
    public Exception? NextRingChangeFailure { get; set; }

    /// <summary>Reads of the ring record before a running change settles; null: it never does.</summary>
    public int? RingChangePollsBeforeDone { get; set; } = 2;

    private JobProgress? _change;
    private string? _changeDriver;
    private int _changePolls;

    public Task<JobProgress> DecommissionAsync(string node) => Serve(node, () => StartChange(JobKind.Decommission, node, node));

    public Task<JobProgress> RemoveAsync(string driverNode, string nodeId) => Serve(driverNode, () => StartChange(JobKind.Remove, nodeId, driverNode));

    public Task<RingRecord> GetRingRecordAsync(string node) =>
        Serve(node, () =>
        {
            if (_change is not null && Record.ChangeDriver is not null && ++_changePolls >= RingChangePollsBeforeDone)
            {
                Settle(_change);
            }

            return Record;
        });

    /// <summary>The driver's report: streaming, then done one record read before the change settles (as a real driver's is).</summary>
    public Task<JobProgress?> GetRingChangeAsync(string node) =>
        Serve(node, () =>
        {
            if (node != _changeDriver)
            {
                return LastDriven.GetValueOrDefault(node);
            }

            if (_change is { Phase: JobPhase.Running } running && _changePolls + 1 >= RingChangePollsBeforeDone)
            {
                _change = running with { Phase = JobPhase.Done, RangesDone = 8, KeysReceived = 100, BytesReceived = 10_000, FinishedAt = running.AsOf };
            }

            return _change;
        });

    public Task<JobProgress?> GetStreamingAsync(string node) => Serve(node, () => LastStreamed.GetValueOrDefault(node));

    /// <summary>Changes nodes drove before (their driver reports them until it drives another).</summary>
    public Dictionary<string, JobProgress> LastDriven { get; } = [];

    /// <summary>Each node's own last streaming run, as a receiver.</summary>
    public Dictionary<string, JobProgress> LastStreamed { get; } = [];

    private JobProgress StartChange(JobKind change, string nodeId, string driver)
    {
        if (NextRingChangeFailure is { } failure)
        {
            NextRingChangeFailure = null;
            throw failure;
        }

        Record = Record with
        {
            Epoch = Record.Epoch + 1,
            ChangeDriver = driver,
            Members = [.. Record.Members.Select(m => m.NodeId == nodeId ? m with { State = RingMemberState.Leaving } : m)],
        };
        (_change, _changeDriver, _changePolls) = (
            new JobProgress(change, nodeId, JobPhase.Running, Record.Epoch, 1, 8, 0, 10, 0, 1000, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch.AddSeconds(1), null),
            driver,
            0);
        return _change;
    }

    private void Settle(JobProgress running)
    {
        Record = Record with
        {
            Epoch = Record.Epoch + 2,
            ChangeDriver = null,
            Members = [.. Record.Members.Select(m => m.NodeId == running.NodeId ? m with { State = RingMemberState.Removed, Tokens = [] } : m)],
        };
        if (running.Kind == JobKind.Decommission)
        {
            Down.Add(running.NodeId); // Its process exits.
        }
    }

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

    public Task<JobProgress> StartRepairAsync(string node) =>
        Serve(node, () =>
        {
            _repairPolls = 0;
            return RepairAt(node, JobPhase.Running, 0);
        });

    public Task<JobProgress?> GetRepairAsync(string node) =>
        Serve(node, () => (JobProgress?)(++_repairPolls >= RepairPollsBeforeDone
            ? RepairAt(node, JobPhase.Done, 4)
            : RepairAt(node, JobPhase.Running, _repairPolls)));

    private static JobProgress RepairAt(string node, JobPhase phase, int rangesDone) =>
        new(JobKind.Repair, node, phase, 0, rangesDone, 4, 3, 2, 1200, 900, DateTimeOffset.UnixEpoch,
            phase == JobPhase.Done ? DateTimeOffset.UnixEpoch : null, DateTimeOffset.UnixEpoch, null);

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
