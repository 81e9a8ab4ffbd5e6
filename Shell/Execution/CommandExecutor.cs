using System.Text.Json;
using OrleansKv.Client;
using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Jobs;
using OrleansKv.Results;
using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Execution;

/// <summary>
/// Runs parsed commands against the cluster on behalf of one shell session, which is on one node
/// at a time: that node's coordinator serves puts, gets and deletes. Every call is bounded by the
/// request timeout (a crashed node that membership has not yet declared dead would otherwise
/// hang the call) and never throws: failures come back as <see cref="FailedOutcome"/>.
/// </summary>
public sealed partial class CommandExecutor(IKeyValueCluster cluster, int node, TimeSpan requestTimeout, TimeProvider time)
{
    private const int SampleKeys = 5;
    private RingDescription? _lastRing;

    /// <summary>The node whose coordinator serves requests.</summary>
    public int CurrentNode { get; private set; } = node;

    public string CurrentNodeId => NodeNames.Of(CurrentNode);

    /// <summary>Shown while a repair runs: its status about every <see cref="PollInterval"/>.</summary>
    public Action<JobProgress>? RepairProgress { get; set; }

    /// <summary>How often a running repair or ring change is asked for its progress.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Node numbers of the ring as last read (for completion); empty before the first read.</summary>
    public IReadOnlyList<int> KnownNodes =>
        _lastRing is null ? [] : [.. _lastRing.Nodes.Select(n => NodeNames.NumberOf(n.NodeId)).OfType<int>()];

    public async Task<CommandOutcome> ExecuteAsync(ShellCommand command, CancellationToken cancellation = default)
    {
        try
        {
            return command switch
            {
                PutCommand put => await PutAsync(put, cancellation),
                GetCommand get => await GetAsync(get, cancellation),
                DeleteCommand delete => await DeleteAsync(delete, cancellation),
                ListCommand list => await ListAsync(list, cancellation),
                ExportCommand export => await ExportAsync(export, cancellation),
                ImportCommand import => await ImportAsync(import, cancellation),
                StatusCommand status => await StatusAsync(status, cancellation),
                NodesCommand => await NodesAsync(cancellation),
                SwitchCommand @switch => await SwitchAsync(@switch, cancellation),
                RingCommand => await RingAsync(cancellation),
                ReplicasCommand replicas => await ReplicasAsync(replicas, cancellation),
                RepairCommand repair => await RepairAsync(repair, cancellation),
                DecommissionCommand decommission => await DecommissionAsync(decommission, cancellation),
                RemoveCommand remove => await RemoveAsync(remove, cancellation),
                HelpCommand help => new HelpOutcome(help.Topic),
                QuitCommand => new QuitOutcome(),
                _ => new FailedOutcome($"'{command}' is not supported."),
            };
        }
        catch (ConsistencyNotMetException e) when (command is PutCommand or DeleteCommand)
        {
            var failure = FailureDescriptions.Describe(e, CurrentNodeId, requestTimeout);
            return failure with
            {
                Details =
                [
                    .. failure.Details,
                    e.MayHaveBeenApplied
                        ? "the write may have been applied: replicas that acknowledged keep it (it is not rolled back), and one that timed out may still apply it."
                        : "the write was not applied: no replica was called.",
                ],
            };
        }
        catch (Exception e)
        {
            return FailureDescriptions.Describe(e, CurrentNodeId, requestTimeout);
        }
    }

    /// <summary>
    /// The ring as the current node's coordinator sees it; when that node is down, as another
    /// node's coordinator does (the ring is the same cluster-wide).
    /// </summary>
    public Task<RingDescription> ReadRingAsync(CancellationToken cancellation = default) => ReadRingAsync(null, cancellation);

    /// <summary>The ring as a node other than <paramref name="avoid"/> sees it.</summary>
    private async Task<RingDescription> ReadRingAsync(string? avoid, CancellationToken cancellation) =>
        _lastRing = await ReadFromAnyAsync(cluster.GetRingAsync, avoid, cancellation);

    /// <summary>
    /// Asks the current node, or when it is down (or is <paramref name="avoid"/>) the other
    /// nodes up in the ring as last read, until one answers.
    /// </summary>
    private async Task<T> ReadFromAnyAsync<T>(Func<string, Task<T>> read, string? avoid, CancellationToken cancellation)
    {
        Exception? firstFailure = null;
        foreach (var candidate in RingSources().Where(n => n != avoid))
        {
            try
            {
                return await BoundAsync(read(candidate), cancellation);
            }
            catch (Exception e) when (e is NodeUnavailableException or TimeoutException)
            {
                firstFailure ??= e;
            }
        }

        throw firstFailure ?? new InvalidOperationException("No node to ask for the ring.");
    }

    private IEnumerable<string> RingSources()
    {
        yield return CurrentNodeId;
        var others = _lastRing is null
            ? Enumerable.Range(1, 3).Select(NodeNames.Of)
            : _lastRing.Nodes.Where(n => n.IsUp).Select(n => n.NodeId);
        foreach (var other in others.Where(o => o != CurrentNodeId))
        {
            yield return other;
        }
    }

    private async Task<CommandOutcome> ListAsync(ListCommand list, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var keys = new List<ListedKey>();
        var cursor = list.Cursor;
        do
        {
            var page = await BoundAsync(
                cluster.ListKeysAsync(CurrentNodeId, list.Prefix, list.Limit, cursor, ConsistencyLevel.Quorum), cancellation);
            keys.AddRange(page.Keys);
            cursor = page.NextCursor;
        }
        while (cursor is not null && (list.All || keys.Count == 0));

        return new ListOutcome(list.Prefix, keys, list.WithValues, cursor, time.GetElapsedTime(start))
        {
            Next = cursor is null ? null : list with { Cursor = cursor, All = false },
        };
    }

    private async Task<CommandOutcome> PutAsync(PutCommand put, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var value = StoredValue(put);
        var result = await BoundAsync(
            put.Condition is { } condition
                ? cluster.PutIfAsync(CurrentNodeId, put.Key, value, condition, put.Ttl)
                : cluster.PutAsync(CurrentNodeId, put.Key, value, put.Level, put.Ttl),
            cancellation);
        return new WriteOutcome("put", result, value, time.GetElapsedTime(start))
        {
            ExpiresAt = put.Ttl is { } ttl ? result.Version.WallClock.Add(ttl) : null,
        };
    }

    /// <summary>A typed argument is a JSON string; with --json it is the JSON it spells.</summary>
    private static byte[] StoredValue(PutCommand put)
    {
        if (!put.IsJson)
        {
            return StoredJson.ToStoredString(put.Value);
        }

        using var document = JsonDocument.Parse(put.Value);
        return StoredJson.ToStored(document.RootElement);
    }

    private async Task<CommandOutcome> GetAsync(GetCommand get, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var result = await BoundAsync(cluster.GetAsync(CurrentNodeId, get.Key, get.Level), cancellation);
        return new ReadOutcome(result, time.GetElapsedTime(start));
    }

    private async Task<CommandOutcome> DeleteAsync(DeleteCommand delete, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var result = await BoundAsync(
            delete.Condition is { } condition
                ? cluster.DeleteIfAsync(CurrentNodeId, delete.Key, condition)
                : cluster.DeleteAsync(CurrentNodeId, delete.Key, delete.Level),
            cancellation);
        return new WriteOutcome("delete", result, null, time.GetElapsedTime(start));
    }

    private async Task<CommandOutcome> StatusAsync(StatusCommand status, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var nodeId = NodeNames.Of(status.Node ?? CurrentNode);
        RingDescription? ring = null;
        try
        {
            ring = await ReadRingAsync(cancellation);
        }
        catch (Exception e) when (e is NodeUnavailableException or TimeoutException)
        {
            // The node may still answer for itself; the status then shows no ring.
        }

        if (ring is not null && ring.Nodes.All(n => n.NodeId != nodeId))
        {
            return UnknownNode(status.Node ?? CurrentNode, ring, CommandCatalog.Status);
        }

        try
        {
            var stats = await BoundAsync(cluster.GetStatsAsync(nodeId, SampleKeys), cancellation);
            var streaming = await TryReadStreamingAsync(nodeId, ring, cancellation);
            return new NodeStatusOutcome(nodeId, nodeId == CurrentNodeId, ring, stats, null, time.GetElapsedTime(start)) { Streaming = streaming };
        }
        catch (Exception e) when (ring is not null && e is NodeUnavailableException or TimeoutException)
        {
            var reason = e is TimeoutException ? $"did not answer within {requestTimeout.TotalSeconds:0.#} s" : "node is down";
            return new NodeStatusOutcome(nodeId, nodeId == CurrentNodeId, ring, null, reason, time.GetElapsedTime(start));
        }
    }

    private async Task<CommandOutcome> NodesAsync(CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var ring = await ReadRingAsync(cancellation);
        var stats = await Task.WhenAll(ring.Nodes.Where(n => n.IsUp).Select(n => TryGetStatsAsync(n.NodeId, cancellation)));
        return new NodesOutcome(
            ring,
            stats.OfType<NodeStats>().ToDictionary(s => s.NodeId),
            CurrentNodeId,
            time.GetElapsedTime(start));
    }

    private async Task<NodeStats?> TryGetStatsAsync(string nodeId, CancellationToken cancellation)
    {
        try
        {
            return await BoundAsync(cluster.GetStatsAsync(nodeId, 0), cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // The table shows what the ring knows of it.
        }
    }

    private async Task<CommandOutcome> SwitchAsync(SwitchCommand @switch, CancellationToken cancellation)
    {
        var nodeId = NodeNames.Of(@switch.Node);
        RingDescription? ring = null;
        try
        {
            ring = await ReadRingAsync(cancellation);
        }
        catch (Exception e) when (e is NodeUnavailableException or TimeoutException)
        {
            // No node answered: switch anyway, the next request will say whether it is up.
        }

        var member = ring?.Nodes.FirstOrDefault(n => n.NodeId == nodeId);
        if (ring is not null && member is null)
        {
            return UnknownNode(@switch.Node, ring, CommandCatalog.Switch);
        }

        CurrentNode = @switch.Node;
        return new SwitchedOutcome(nodeId, member?.IsUp);
    }

    private async Task<CommandOutcome> RingAsync(CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var ring = await ReadRingAsync(cancellation);
        return new RingOutcome(ring, CurrentNodeId, time.GetElapsedTime(start));
    }

    private async Task<CommandOutcome> ReplicasAsync(ReplicasCommand replicas, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var inspection = await BoundAsync(cluster.InspectReplicasAsync(CurrentNodeId, replicas.Key), cancellation);
        return new ReplicasOutcome(inspection, CurrentNodeId, time.GetElapsedTime(start));
    }

    private async Task<CommandOutcome> RepairAsync(RepairCommand repair, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        var nodeId = NodeNames.Of(repair.Node ?? CurrentNode);
        var ring = await ReadRingAsync(cancellation);
        if (ring.Nodes.All(n => n.NodeId != nodeId))
        {
            return UnknownNode(repair.Node ?? CurrentNode, ring, CommandCatalog.Repair);
        }

        // A repair may take minutes: each poll is bounded, the whole run only by Ctrl-C.
        var status = await BoundAsync(cluster.StartRepairAsync(nodeId), cancellation);
        while (status.Phase == JobPhase.Running)
        {
            RepairProgress?.Invoke(status);
            await Task.Delay(PollInterval, time, cancellation);
            status = await BoundAsync(cluster.GetRepairAsync(nodeId), cancellation) ?? status;
        }

        return new RepairOutcome(status, time.GetElapsedTime(start));
    }

    /// <summary>Fails with "unknown node" naming the ring's members and the command's usage.</summary>
    public static FailedOutcome UnknownNode(int node, RingDescription ring, CommandSyntax syntax) => new(
        $"unknown node {node}: the ring has {string.Join(", ", ring.Nodes.Select(n => n.NodeId))}. Usage: {syntax.Usage}");

    private Task<T> BoundAsync<T>(Task<T> call, CancellationToken cancellation) =>
        call.WaitAsync(requestTimeout, time, cancellation);
}
