using OrleansKv.Cluster;
using OrleansKv.Consistency;
using OrleansKv.Jobs;
using OrleansKv.Results;
using OrleansKv.Ring;
using OrleansKv.Shell.Execution;
using OrleansKv.Shell.Rendering;
using OrleansKv.Versioning;
using Spectre.Console;

namespace OrleansKv.UnitTests.Shell;

public sealed class ResultRenderingTests
{
    private static readonly ValueVersion Version = new((1_700_000_000_000L << ValueVersion.LogicalBits) + 2, "node1");

    private static readonly WriteResult QuorumPut = new(
        "user:1", ConsistencyLevel.Quorum, "node1", Version, ["node1", "node2", "node3"], 3,
        ["node1", "node2"], [new ReplicaFailure("node3", "timed out")]);

    [Fact]
    public void A_put_shows_consistency_acknowledged_out_of_possible_coordinator_version_and_time()
    {
        var (output, errors) = Plain(new WriteOutcome("put", QuorumPut, "hello world"u8.ToArray(), TimeSpan.FromMilliseconds(4.2)));

        Assert.StartsWith("OK put user:1\n", output);
        Assert.Contains("  value \"hello world\"\n", output);
        Assert.Contains("  consistency quorum (2 of 3 required)\n", output);
        Assert.Contains("  acknowledged 2/3 (node1, node2)\n", output);
        Assert.Contains("  coordinator node1\n", output);
        Assert.Contains("  failed node3: timed out\n", output);
        Assert.Contains($"  version {Version.Timestamp}@node1 (2023-11-14 22:13:20.000Z +2)\n", output);
        Assert.Contains("  took 4.2 ms\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_get_shows_the_value_and_the_nodes_it_came_from()
    {
        var read = new ReadResult(
            "user:1", ConsistencyLevel.Quorum, "node2", "v1"u8.ToArray(), Version, ["node2", "node3"],
            ["node1", "node2", "node3"], []);

        var (output, _) = Plain(new ReadOutcome(read, TimeSpan.FromMilliseconds(1.5)));

        Assert.StartsWith("user:1 = \"v1\"\n", output);
        Assert.Contains("  acknowledged 2/3 (node2, node3)\n", output);
        Assert.Contains("  coordinator node2\n", output);
        Assert.Contains("  source node2, node3\n", output);
        Assert.Contains($"  version {Version}", output);
    }

    [Fact]
    public void A_deleted_key_reads_as_not_found_with_its_tombstone_version()
    {
        var read = new ReadResult("gone", ConsistencyLevel.One, "node1", null, Version, ["node1"], ["node1", "node2", "node3"], []);

        var (output, _) = Plain(new ReadOutcome(read, TimeSpan.Zero));

        Assert.StartsWith("gone not found (deleted)\n", output);
        Assert.Contains("  value none\n", output);
        Assert.Contains($"  version {Version}", output);
    }

    [Fact]
    public void A_binary_value_is_shown_as_hex_with_its_length()
    {
        Assert.Equal("0x00ff10 (3 bytes)", DisplayText.Value([0x00, 0xff, 0x10]));
        Assert.Equal("\"say \\\"hi\\\"\"", DisplayText.Value("say \"hi\""u8.ToArray()));
    }

    [Theory]
    [InlineData("\"42\"", "\"42\"")]
    [InlineData("\"\\u00e9t\\u00e9 \\ud83c\\udf89\"", "\"été 🎉\"")]
    [InlineData("{ \"a\": 1 }", "{\"a\":1}")]
    [InlineData("\"\"", "\"\"")]
    public void A_json_value_is_shown_as_json_without_extra_escaping(string stored, string shown)
    {
        Assert.Equal(shown, DisplayText.Value(System.Text.Encoding.UTF8.GetBytes(stored)));
    }

    [Theory]
    [InlineData("S127.0.0.1:11111:154585909", "127.0.0.1:11111")]
    [InlineData("10.0.0.1:11111", "10.0.0.1:11111")]
    [InlineData("-", "-")]
    public void Silo_addresses_show_as_endpoints(string address, string shown)
    {
        Assert.Equal(shown, DisplayText.SiloAddress(address));
    }

    [Fact]
    public void A_failure_goes_to_the_error_stream_with_its_details()
    {
        var (output, errors) = Plain(new FailedOutcome("node2 is down: it cannot serve requests.", ["'nodes' lists the nodes that are up."]));

        Assert.Empty(output);
        Assert.Equal("error: node2 is down: it cannot serve requests.\n  'nodes' lists the nodes that are up.\n", errors);
    }

    [Fact]
    public void Nodes_are_a_table_with_state_address_and_keys_and_the_current_node_marked()
    {
        var ring = new RingDescription(3, 64,
        [
            new RingNode("node1", true, "10.0.0.1:11111@1", 64, 0.34, []),
            new RingNode("node2", false, null, 64, 0.33, [], "leaving"),
        ]);
        var stats = new NodeStats("node1", "10.0.0.1:11111@1", 41, DateTimeOffset.UnixEpoch, 12, 1, [], null, 30001, "/d/node1",
            new ConvergenceStats(7, [new HintCount("node3", 7)], 2, 1, 5, 0, false));

        var (output, _) = Plain(new NodesOutcome(ring, new Dictionary<string, NodeStats> { ["node1"] = stats }, "node1", TimeSpan.Zero));

        var lines = output.Split('\n');
        Assert.Equal("2 nodes (1 up), replication factor 3", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  node     state  ring     address           local keys  ring share  pid  gateway"));
        Assert.Contains(lines, l => l.StartsWith("  node1 *  up     normal   10.0.0.1:11111@1  12          34.0%       41   30001"));
        Assert.Contains(lines, l => l.StartsWith("  node2    down   leaving  -                 -           33.0%       -    -"));
    }

    [Fact]
    public void Status_shows_pending_hints_per_target_and_read_repairs()
    {
        var stats = new NodeStats("node1", "10.0.0.1:11111@1", 41, DateTimeOffset.UnixEpoch, 12, 1, [], null, 30001, "/d/node1",
            new ConvergenceStats(7, [new HintCount("node3", 5), new HintCount("node4", 2)], 2, 1, 5, 3, true));

        var (output, _) = Plain(new NodeStatusOutcome("node1", true, null, stats, null, TimeSpan.Zero));

        Assert.Contains("  hints pending 7 (node3: 5, node4: 2)\n", output);
        Assert.Contains("  hints delivered 2 (1 expired)\n", output);
        Assert.Contains("  read repairs 5\n", output);
        Assert.Contains("  tombstones purged 3\n", output);
        Assert.Contains("  repair required before it serves reads", output);
    }

    [Fact]
    public void Status_shows_the_clock_state_with_the_reason_when_fenced()
    {
        var fenced = new OrleansKv.Time.ClockStatus(
            OrleansKv.Time.ClockState.Fenced, [new OrleansKv.Time.PeerClockOffset("node2", 20_000, 0.4, DateTimeOffset.UnixEpoch)], "its clock is 20.0 s behind; fix node1's clock");
        var stats = new NodeStats("node1", "10.0.0.1:11111@1", 41, DateTimeOffset.UnixEpoch, 12, 1, [], null, 30001, "/d/node1",
            new ConvergenceStats(0, [], 0, 0, 0, 0, false), Clock: fenced);

        var (output, _) = Plain(new NodeStatusOutcome("node1", true, null, stats, null, TimeSpan.Zero));

        Assert.Contains("  clock fenced: its clock is 20.0 s behind; fix node1's clock\n", output);
    }

    [Fact]
    public void A_finished_repair_shows_ranges_keys_and_bytes_exchanged()
    {
        var status = new JobProgress(
            JobKind.Repair, "node2", JobPhase.Done, 0, 4, 4, 3, 500, 1200, 41000, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

        var (output, _) = Plain(new RepairOutcome(status, TimeSpan.FromSeconds(1.5)));

        Assert.StartsWith("repair of node2 done\n", output);
        Assert.Contains("  ranges 4/4\n", output);
        Assert.Contains("  keys exchanged 503 (3 sent, 500 received)\n", output);
        Assert.Contains("  bytes 1200 sent, 41000 received\n", output);
    }

    [Fact]
    public void Status_shows_the_ring_epoch_the_nodes_ring_state_and_a_ring_changes_progress()
    {
        var ring = new RingDescription(3, 64, [new RingNode("node1", true, "a", 64, 0.5, [])], Epoch: 12);
        var stats = new NodeStats("node1", "a", 41, DateTimeOffset.UnixEpoch, 12, 1, [], null, 30001, "/d/node1",
            new ConvergenceStats(0, [], 0, 0, 0, 0, false));
        var streaming = new JobProgress(
            JobKind.Decommission, "node4", JobPhase.Running, 11, 3, 12, 0, 1500, 0, 150000, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch.AddSeconds(5), null);

        var (output, _) = Plain(new NodeStatusOutcome("node1", true, ring, stats, null, TimeSpan.Zero) { Streaming = streaming });

        Assert.Contains("  ring epoch 12\n", output);
        Assert.Contains("  ring state normal\n", output);
        Assert.Contains("  ring change decommission of node4: streaming, 3/12 ranges, 1500 keys, 150000 bytes, 300 keys/s, 30000 bytes/s\n", output);
    }

    [Fact]
    public void The_ring_shows_its_epoch_and_each_nodes_state()
    {
        var ring = new RingDescription(3, 64, [new RingNode("node1", true, "a", 64, 0.5, []), new RingNode("node5", true, "b", 64, 0, [], "joining")], Epoch: 7);

        var (output, _) = Plain(new RingOutcome(ring, "node1", TimeSpan.Zero));

        Assert.StartsWith("ring of 2 nodes (2 up), epoch 7\n", output);
        Assert.Contains("  node5    up     joining  64      0.0%", output);
    }

    [Fact]
    public void A_finished_decommission_says_the_node_is_out_of_the_ring_and_where_the_shell_moved()
    {
        var streamed = new JobProgress(
            JobKind.Decommission, "node4", JobPhase.Done, 20, 12, 12, 0, 1500, 0, 150000, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(5),
            DateTimeOffset.UnixEpoch.AddSeconds(5), null);

        var (output, _) = Plain(new RingChangeOutcome("node4", streamed, "node4", 22, TimeSpan.FromSeconds(3)) { SwitchedTo = "node1" });

        Assert.StartsWith("node4 decommissioned: it is out of the ring (epoch 22)\n", output);
        Assert.Contains("  streamed decommission of node4: done, 12/12 ranges, 1500 keys, 150000 bytes", output);
        Assert.Contains("  now on node1 (the shell was on node4)\n", output);
    }

    [Fact]
    public void Status_of_a_down_node_says_so_and_why_its_stats_are_missing()
    {
        var ring = new RingDescription(3, 64, [new RingNode("node1", true, "a", 64, 0.5, []), new RingNode("node2", false, null, 64, 0.5, [])]);

        var (output, _) = Plain(new NodeStatusOutcome("node2", false, ring, null, "node is down", TimeSpan.Zero));

        Assert.StartsWith("node2 is down\n", output);
        Assert.Contains("  stats unavailable (node is down)\n", output);
        Assert.Contains("  ring members 2 nodes (1 up)\n", output);
        Assert.Contains("  replication factor 3\n", output);
    }

    [Fact]
    public void Replicas_list_the_preference_order_which_nodes_are_up_and_each_copy_with_stale_ones_marked()
    {
        var newest = new ValueVersion(2L << ValueVersion.LogicalBits, "node1");
        var older = new ValueVersion(1L << ValueVersion.LogicalBits, "node1");
        var inspection = new ReplicaInspection("k", 0xabc, newest,
        [
            new ReplicaCopy("node2", ReplicaCopyState.Current, new VersionedValue(newest, "new"u8.ToArray()), null),
            new ReplicaCopy("node1", ReplicaCopyState.Stale, new VersionedValue(older, "old"u8.ToArray()), null),
            new ReplicaCopy("node3", ReplicaCopyState.Down, null, null),
        ]);

        var (output, _) = Plain(new ReplicasOutcome(inspection, "node1", TimeSpan.Zero));

        Assert.StartsWith("k is held by node2, node1, node3\n", output);
        Assert.Contains("  up 2/3\n", output);
        Assert.Contains("  stale 1\n", output);
        Assert.Contains("  1  node2  primary  up     current  131072@node1  \"new\"", output);
        Assert.Contains("  2  node1  replica  up     stale    65536@node1   \"old\"", output);
        Assert.Contains("  3  node3  replica  down   -", output);
    }

    [Fact]
    public void Help_lists_every_command_with_its_usage()
    {
        var (output, _) = Plain(new HelpOutcome(null));

        foreach (var usage in new[] { "put <key> <value> [one|quorum|all|serial]", "get <key> [one|quorum|all|serial]", "status [N]", "switch <N>", "replicas <key>", "repair [N]", "decommission <N>", "remove <N>", "quit | exit" })
        {
            Assert.Contains(usage, output);
        }
    }

    [Fact]
    public void Rich_output_shows_the_same_facts_in_a_grid()
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });

        new RichResultRenderer(console).Render(
            ResultViewBuilder.Build(new WriteOutcome("put", QuorumPut, null, TimeSpan.FromMilliseconds(3)))!);

        var output = writer.ToString();
        Assert.Contains("OK put user:1", output);
        Assert.Matches(@"acknowledged\s+2/3 \(node1, node2\)", output);
        Assert.Matches(@"coordinator\s+node1", output);
        Assert.Contains(Version.ToString(), output);
        Assert.DoesNotContain('\u001b', output);
    }

    private static (string Output, string Errors) Plain(CommandOutcome outcome)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var errors = new StringWriter { NewLine = "\n" };
        new PlainResultRenderer(output, errors).Render(ResultViewBuilder.Build(outcome)!);
        return (output.ToString(), errors.ToString());
    }
}
