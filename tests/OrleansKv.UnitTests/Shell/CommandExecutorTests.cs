using Microsoft.Extensions.Time.Testing;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Grains.Convergence;
using OrleansKv.Jobs;
using OrleansKv.Ring;
using OrleansKv.Shell.Commands;
using OrleansKv.Shell.Execution;

namespace OrleansKv.UnitTests.Shell;

public sealed class CommandExecutorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly FakeKeyValueCluster _cluster = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CommandExecutor _executor;

    public CommandExecutorTests()
    {
        _executor = new CommandExecutor(_cluster, 1, Timeout, _time);
    }

    [Fact]
    public async Task Requests_go_to_the_current_nodes_coordinator_until_switch_moves_them()
    {
        await _executor.ExecuteAsync(new PutCommand("k", "v", ConsistencyLevel.Quorum));
        var switched = await _executor.ExecuteAsync(new SwitchCommand(2));
        var read = Assert.IsType<ReadOutcome>(await _executor.ExecuteAsync(new GetCommand("k", ConsistencyLevel.One)));

        Assert.Equal(new SwitchedOutcome("node2", true), switched);
        Assert.Equal(2, _executor.CurrentNode);
        Assert.Equal("node2", read.Result.CoordinatorNode);
        Assert.Equal("\"v\""u8.ToArray(), read.Result.Value);
    }

    [Theory]
    [InlineData("42", false, "\"42\"")]
    [InlineData("", false, "\"\"")]
    [InlineData("zoë 日本 🎉", false, "\"zoë 日本 🎉\"")]
    [InlineData("{ \"a\" : [1, \"é\"] }", true, "{\"a\":[1,\"é\"]}")]
    [InlineData("42", true, "42")]
    public async Task A_put_stores_its_argument_as_a_json_string_or_with_json_as_compact_json(string value, bool isJson, string stored)
    {
        await _executor.ExecuteAsync(new PutCommand("k", value, ConsistencyLevel.Quorum, isJson));
        var read = Assert.IsType<ReadOutcome>(await _executor.ExecuteAsync(new GetCommand("k", ConsistencyLevel.One)));

        Assert.Equal(stored, OrleansKv.Client.StoredJson.ToJsonText(read.Result.Value!));
    }

    [Fact]
    public async Task Repair_starts_on_the_named_node_reports_progress_until_it_is_done()
    {
        var progress = new List<JobProgress>();
        _executor.RepairProgress = progress.Add;
        _executor.PollInterval = TimeSpan.Zero;

        var outcome = Assert.IsType<RepairOutcome>(await _executor.ExecuteAsync(new RepairCommand(2)));

        Assert.True(outcome.Succeeded);
        Assert.Equal(("node2", JobPhase.Done, 4), (outcome.Status.NodeId, outcome.Status.Phase, outcome.Status.RangesDone));
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(JobPhase.Running, p.Phase));
    }

    [Fact]
    public async Task Repair_of_a_node_outside_the_ring_is_refused_with_the_usage()
    {
        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new RepairCommand(9)));

        Assert.Equal("unknown node 9: the ring has node1, node2, node3. Usage: repair [N]", outcome.Message);
    }

    [Fact]
    public async Task Switching_to_a_node_outside_the_ring_is_refused_with_the_usage()
    {
        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new SwitchCommand(7)));

        Assert.Equal("unknown node 7: the ring has node1, node2, node3. Usage: switch <N>", outcome.Message);
        Assert.Equal(1, _executor.CurrentNode);
    }

    [Fact]
    public async Task A_request_to_a_down_coordinator_fails_with_a_clear_message_and_a_way_out()
    {
        _cluster.Down.Add("node1");

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new GetCommand("k", ConsistencyLevel.One)));

        Assert.Equal("node1 is down: it cannot serve requests.", outcome.Message);
        Assert.Contains(outcome.Details, d => d.Contains("switch N"));
    }

    [Fact]
    public async Task A_write_below_its_level_reports_acknowledged_out_of_total_and_that_it_is_not_rolled_back()
    {
        _cluster.NextWriteFailure = new ConsistencyNotMetException(
            "k", ConsistencyLevel.All, 3, ["node1"], 3, 3, [new("node2", "timed out"), new("node3", "node is down")], mayHaveBeenApplied: true);

        var outcome = Assert.IsType<FailedOutcome>(
            await _executor.ExecuteAsync(new PutCommand("k", "v", ConsistencyLevel.All)));

        Assert.Equal("consistency level all not met for 'k': acknowledged 1/3, 3 required.", outcome.Message);
        Assert.Contains("acknowledged by: node1", outcome.Details);
        Assert.Contains("failed node2: timed out", outcome.Details);
        Assert.Contains(outcome.Details, d => d.Contains("may have been applied") && d.Contains("not rolled back"));
    }

    [Fact]
    public async Task A_write_refused_before_any_replica_was_called_says_it_was_not_applied()
    {
        _cluster.NextWriteFailure = new ConsistencyNotMetException(
            "k", ConsistencyLevel.All, 3, [], 0, 3, [new("node3", "node is down")], mayHaveBeenApplied: false);

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new PutCommand("k", "v", ConsistencyLevel.All)));

        Assert.Contains(outcome.Details, d => d.Contains("was not applied"));
    }

    [Fact]
    public async Task A_coordinator_that_does_not_answer_fails_after_the_request_timeout()
    {
        _cluster.Hang.Add("node1");

        var pending = _executor.ExecuteAsync(new GetCommand("k", ConsistencyLevel.One));
        Assert.False(pending.IsCompleted);
        _time.Advance(Timeout);
        var outcome = Assert.IsType<FailedOutcome>(await pending);

        Assert.Equal("node1 did not answer within 2 s; it may be down or overloaded.", outcome.Message);
    }

    [Fact]
    public async Task Status_of_a_down_node_shows_it_down_from_the_ring()
    {
        _cluster.Down.Add("node3");

        var status = Assert.IsType<NodeStatusOutcome>(await _executor.ExecuteAsync(new StatusCommand(3)));

        Assert.Null(status.Stats);
        Assert.Equal("node is down", status.StatsError);
        Assert.False(status.Member!.IsUp);
        Assert.False(status.IsCurrent);
    }

    [Fact]
    public async Task The_ring_is_read_from_another_node_when_the_current_one_is_down()
    {
        _cluster.Down.Add("node1");

        var ring = Assert.IsType<RingOutcome>(await _executor.ExecuteAsync(new RingCommand()));

        Assert.Equal(["node1", "node2"], _cluster.Coordinators);
        Assert.False(ring.Ring.Nodes[0].IsUp);
        Assert.Equal([1, 2, 3], _executor.KnownNodes);
    }

    [Fact]
    public async Task Nodes_lists_every_member_with_the_stats_of_those_that_are_up()
    {
        _cluster.Down.Add("node2");

        var nodes = Assert.IsType<NodesOutcome>(await _executor.ExecuteAsync(new NodesCommand()));

        Assert.Equal(3, nodes.Ring.Nodes.Length);
        Assert.Equal(["node1", "node3"], nodes.Stats.Keys.Order());
    }

    [Fact]
    public async Task A_cancelled_command_reports_that_it_was_cancelled()
    {
        _cluster.Hang.Add("node1");
        using var cancel = new CancellationTokenSource();

        var pending = _executor.ExecuteAsync(new GetCommand("k", ConsistencyLevel.One), cancel.Token);
        await cancel.CancelAsync();

        Assert.Equal("cancelled.", Assert.IsType<FailedOutcome>(await pending).Message);
    }

    [Fact]
    public async Task A_refused_request_shows_the_clusters_reason()
    {
        _cluster.NextWriteFailure = new InvalidRequestException(InvalidRequestKind.KeyTooLong, "Key is 2000 bytes; the limit is 1024.");

        var outcome = Assert.IsType<FailedOutcome>(
            await _executor.ExecuteAsync(new PutCommand("k", "v", ConsistencyLevel.One)));

        Assert.Equal("invalid request: Key is 2000 bytes; the limit is 1024", outcome.Message);
    }

    [Fact]
    public async Task Decommission_shows_the_drivers_progress_until_the_ring_record_has_dropped_the_node()
    {
        var progress = new List<JobProgress>();
        _executor.RingChangeProgress = progress.Add;
        _executor.PollInterval = TimeSpan.Zero;

        var outcome = Assert.IsType<RingChangeOutcome>(await _executor.ExecuteAsync(new DecommissionCommand(3)));
        var nodes = Assert.IsType<NodesOutcome>(await _executor.ExecuteAsync(new NodesCommand()));

        Assert.Equal(("node3", "node3", 8L, "done"), (outcome.NodeId, outcome.Driver, outcome.Epoch, outcome.Progress.PhaseName));
        Assert.Null(outcome.SwitchedTo);
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(("decommission", "node3", "streaming"), (p.KindName, p.NodeId, p.PhaseName)));
        Assert.Equal(["node1", "node2"], nodes.Ring.Nodes.Select(n => n.NodeId));
        Assert.Equal(1, _executor.CurrentNode);
    }

    [Fact]
    public async Task Decommissioning_the_node_the_shell_is_on_moves_the_shell_to_another_up_node()
    {
        _executor.PollInterval = TimeSpan.Zero;

        var outcome = Assert.IsType<RingChangeOutcome>(await _executor.ExecuteAsync(new DecommissionCommand(1)));

        Assert.Equal("node2", outcome.SwitchedTo);
        Assert.Equal(2, _executor.CurrentNode);
    }

    [Fact]
    public async Task Remove_is_driven_by_the_current_node_until_the_dead_node_is_out_of_the_ring()
    {
        _cluster.Down.Add("node3");
        _executor.PollInterval = TimeSpan.Zero;
        await _executor.ExecuteAsync(new SwitchCommand(2));

        var outcome = Assert.IsType<RingChangeOutcome>(await _executor.ExecuteAsync(new RemoveCommand(3)));

        Assert.Equal(("node3", "node2", "remove"), (outcome.NodeId, outcome.Driver, outcome.Progress.KindName));
        Assert.Equal(RingMemberState.Removed, _cluster.Record.Member("node3")!.State);
    }

    [Fact]
    public async Task A_refused_ring_change_shows_the_nodes_reason_as_one_line()
    {
        _cluster.NextRingChangeFailure = new RingChangeRejectedException(
            RingChangeRejection.Conflict, "node3 cannot leave: 2 nodes would remain, fewer than the replication factor 3. Add a node first.");

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new DecommissionCommand(3)));

        Assert.Equal(
            "ring change refused: node3 cannot leave: 2 nodes would remain, fewer than the replication factor 3. Add a node first.",
            outcome.Message);
        Assert.Empty(outcome.Details);
    }

    [Theory]
    [InlineData(true, "unknown node 9: the ring has node1, node2, node3. Usage: decommission <N>")]
    [InlineData(false, "unknown node 9: the ring has node1, node2, node3. Usage: remove <N>")]
    public async Task A_ring_change_of_a_node_outside_the_ring_is_refused_with_the_usage(bool decommission, string message)
    {
        ShellCommand command = decommission ? new DecommissionCommand(9) : new RemoveCommand(9);

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(command));

        Assert.Equal(message, outcome.Message);
        Assert.Null(_cluster.Record.ChangeDriver);
    }

    [Fact]
    public async Task Decommissioning_a_down_node_points_at_remove()
    {
        _cluster.Down.Add("node3");

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new DecommissionCommand(3)));

        Assert.Equal("node3 is down: a decommission streams from the node itself; 'remove 3' removes a dead node.", outcome.Message);
    }

    [Fact]
    public async Task A_leaving_node_that_goes_down_before_its_change_finished_ends_the_watch_with_what_to_do()
    {
        _cluster.RingChangePollsBeforeDone = null;
        _executor.PollInterval = TimeSpan.Zero;
        _executor.RingChangeProgress = _ => _cluster.Down.Add("node3");

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new DecommissionCommand(3)));

        Assert.Equal("node3 went down before its decommission finished (ring epoch 6).", outcome.Message);
        Assert.Contains(outcome.Details, d => d.Contains("'remove 3' from another node takes it over"));
    }

    [Fact]
    public async Task Ctrl_c_stops_watching_a_ring_change_but_not_the_change()
    {
        _cluster.RingChangePollsBeforeDone = null;
        _executor.PollInterval = TimeSpan.FromSeconds(1);
        using var cancel = new CancellationTokenSource();
        _executor.RingChangeProgress = _ => cancel.Cancel();

        var outcome = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(new DecommissionCommand(3), cancel.Token));

        Assert.Equal("stopped watching: the decommission of node3 goes on; 'status 3' shows its progress.", outcome.Message);
        Assert.Equal(RingMemberState.Leaving, _cluster.Record.Member("node3")!.State);
    }

    [Fact]
    public async Task Status_shows_the_ring_epoch_and_state_and_the_running_changes_progress_from_its_driver()
    {
        _cluster.RingChangePollsBeforeDone = null;
        await _cluster.DecommissionAsync("node3");

        var status = Assert.IsType<NodeStatusOutcome>(await _executor.ExecuteAsync(new StatusCommand(null)));

        Assert.Equal((6L, "normal"), (status.Ring!.Epoch, status.Member!.State));
        Assert.Equal(("decommission", "node3", "streaming"), (status.Streaming!.KindName, status.Streaming.NodeId, status.Streaming.PhaseName));
    }

    [Fact]
    public async Task Status_without_a_running_change_shows_the_newer_of_the_change_the_node_drove_and_the_one_it_streamed_for()
    {
        _cluster.LastDriven["node1"] = Streaming(3, JobKind.Join, "node1");
        _cluster.LastStreamed["node1"] = Streaming(9, JobKind.Decommission, "node4");
        _cluster.LastStreamed["node2"] = Streaming(2, JobKind.Join, "node1");
        _cluster.LastDriven["node2"] = Streaming(7, JobKind.Remove, "node5");

        var one = Assert.IsType<NodeStatusOutcome>(await _executor.ExecuteAsync(new StatusCommand(1)));
        var two = Assert.IsType<NodeStatusOutcome>(await _executor.ExecuteAsync(new StatusCommand(2)));

        Assert.Equal(("decommission", "node4"), (one.Streaming!.KindName, one.Streaming.NodeId));
        Assert.Equal(("remove", "node5"), (two.Streaming!.KindName, two.Streaming.NodeId));
    }

    private static JobProgress Streaming(long epoch, JobKind change, string nodeId) =>
        new(change, nodeId, JobPhase.Done, epoch, 4, 4, 0, 10, 0, 100, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10),
            DateTimeOffset.UnixEpoch.AddSeconds(10), null);

    [Fact]
    public async Task A_failed_condition_fails_the_command_and_shows_the_current_value_and_version()
    {
        await _executor.ExecuteAsync(new PutCommand("k", "first", ConsistencyLevel.Quorum));

        var taken = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(
            new PutCommand("k", "second", ConsistencyLevel.Serial, Condition: OrleansKv.Contracts.WriteCondition.Absent)));
        var swapped = await _executor.ExecuteAsync(
            new PutCommand("k", "third", ConsistencyLevel.Serial, Condition: OrleansKv.Contracts.WriteCondition.Version(FakeKeyValueCluster.Version)));
        var deleted = await _executor.ExecuteAsync(
            new DeleteCommand("k", ConsistencyLevel.Serial, OrleansKv.Contracts.WriteCondition.Version(FakeKeyValueCluster.Version)));
        var absent = Assert.IsType<FailedOutcome>(await _executor.ExecuteAsync(
            new DeleteCommand("k", ConsistencyLevel.Serial, OrleansKv.Contracts.WriteCondition.Version(FakeKeyValueCluster.Version))));

        Assert.False(taken.Succeeded);
        Assert.Contains("condition failed for 'k' (if absent)", taken.Message);
        Assert.Contains("current value \"first\"", taken.Details);
        Assert.Contains(taken.Details, d => d.StartsWith($"current version {FakeKeyValueCluster.Version}", StringComparison.Ordinal));
        Assert.Equal(ConsistencyLevel.Serial, Assert.IsType<WriteOutcome>(swapped).Result.Level);
        Assert.IsType<WriteOutcome>(deleted);
        Assert.Contains(absent.Details, d => d.Contains("absent"));
    }
}
