using System.Text;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Versioning;

namespace OrleansKv.IntegrationTests.Coordination;

public sealed class QuorumReadWriteTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private KeyValueTestCluster Cluster => fixture.Cluster;

    /// <summary>The levels of plain writes: serial takes only conditional writes (Serial/ tests it).</summary>
    public static ConsistencyLevel[] PlainWriteLevels { get; } = [ConsistencyLevel.One, ConsistencyLevel.Quorum, ConsistencyLevel.All];

    public static TheoryData<string, ConsistencyLevel> NodesAndLevels()
    {
        var data = new TheoryData<string, ConsistencyLevel>();
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            foreach (var level in PlainWriteLevels)
            {
                data.Add(node, level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NodesAndLevels))]
    public async Task Every_node_coordinates_a_round_trip_at_every_level(string node, ConsistencyLevel level)
    {
        var key = $"round-trip/{node}/{level}";
        var coordinator = Cluster.Coordinator(node);

        var written = await coordinator.PutAsync(key, Encoding.UTF8.GetBytes("hello"), level);
        var read = await coordinator.GetAsync(key, OverlappingReadLevel(level));

        Assert.Equal(node, written.CoordinatorNode);
        Assert.Equal(3, written.Replicas.Length);
        Assert.True(written.AcknowledgedBy.Length >= level.RequiredReplicas(3));
        Assert.Equal("hello", Encoding.UTF8.GetString(read.Value!));
        Assert.Equal(written.Version, read.Version);
        Assert.Equal(node, read.CoordinatorNode);
        Assert.True(read.SourceNodes.Length >= OverlappingReadLevel(level).RequiredReplicas(3));
    }

    /// <summary>
    /// The read level whose replica set must overlap a write at <paramref name="write"/> (R + W > N).
    /// A read at one after a write at one may legitimately miss it: that is eventual consistency.
    /// </summary>
    public static ConsistencyLevel OverlappingReadLevel(ConsistencyLevel write) => write switch
    {
        ConsistencyLevel.One => ConsistencyLevel.All,
        ConsistencyLevel.All => ConsistencyLevel.One,
        _ => ConsistencyLevel.Quorum,
    };

    [Fact]
    public async Task A_write_at_all_is_acknowledged_by_every_replica_and_stamped_by_its_coordinator()
    {
        var result = await Cluster.Coordinator("node2").PutAsync("ack/all", [1], ConsistencyLevel.All);

        Assert.Equal(["node1", "node2", "node3"], result.AcknowledgedBy.Order().ToArray());
        Assert.Equal(3, result.AttemptedReplicas);
        Assert.Empty(result.Failures);
        Assert.Equal("node2", result.Version.NodeId);
    }

    [Fact]
    public async Task A_later_write_gets_a_newer_version_and_replaces_the_value()
    {
        var first = await Cluster.Coordinator("node1").PutAsync("overwrite", [1], ConsistencyLevel.Quorum);
        var second = await Cluster.Coordinator("node3").PutAsync("overwrite", [2], ConsistencyLevel.Quorum);

        var read = await Cluster.Coordinator("node2").GetAsync("overwrite", ConsistencyLevel.Quorum);

        Assert.True(second.Version.IsNewerThan(first.Version));
        Assert.Equal([2], read.Value);
    }

    [Fact]
    public async Task A_deleted_key_reads_as_absent_at_every_level_with_the_tombstone_version()
    {
        await Cluster.Coordinator("node1").PutAsync("deleted", [1], ConsistencyLevel.All);
        var deleted = await Cluster.Coordinator("node2").DeleteAsync("deleted", ConsistencyLevel.All);

        foreach (var level in Enum.GetValues<ConsistencyLevel>())
        {
            var read = await Cluster.Coordinator("node3").GetAsync("deleted", level);
            Assert.False(read.Found);
            Assert.Equal(deleted.Version, read.Version);
        }
    }

    [Fact]
    public async Task A_key_never_written_reads_as_absent_without_a_version()
    {
        var read = await Cluster.Coordinator("node1").GetAsync("never-written", ConsistencyLevel.All);

        Assert.False(read.Found);
        Assert.Null(read.Version);
    }

    [Fact]
    public async Task The_newest_version_wins_when_replicas_disagree()
    {
        const string key = "disagree";
        var written = await Cluster.Coordinator("node1").PutAsync(key, [1], ConsistencyLevel.All);
        var newer = new VersionedValue(written.Version with { Timestamp = written.Version.Timestamp + 1000 }, [2]);
        var replicas = (await Cluster.Coordinator("node1").GetReplicasAsync(key)).Replicas.Select(r => r.NodeId).ToArray();

        // Only one replica has the newest value: a read that hears every replica must return it.
        await Cluster.Storage(replicas[2]).ApplyAsync(key, newer);
        var all = await Cluster.Coordinator("node2").GetAsync(key, ConsistencyLevel.All);
        Assert.Equal([2], all.Value);
        Assert.Equal(newer.Version, all.Version);
        Assert.Equal(replicas[2], all.SourceNodes[0]);

        // Two of three have it: any quorum includes one of them.
        await Cluster.Storage(replicas[1]).ApplyAsync(key, newer);
        var quorum = await Cluster.Coordinator("node3").GetAsync(key, ConsistencyLevel.Quorum);
        Assert.Equal([2], quorum.Value);
    }

    [Fact]
    public async Task A_tombstone_beats_an_older_value_that_arrives_late()
    {
        const string key = "late-resurrection";
        var put = await Cluster.Coordinator("node1").PutAsync(key, [1], ConsistencyLevel.All);
        await Cluster.Coordinator("node1").DeleteAsync(key, ConsistencyLevel.All);

        var held = await Cluster.Storage("node2").ApplyAsync(key, new VersionedValue(put.Version, [9]));

        Assert.True(held.IsNewerThan(put.Version));
        Assert.True((await Cluster.Storage("node2").ReadAsync(key))!.IsTombstone);
        Assert.False((await Cluster.Coordinator("node3").GetAsync(key, ConsistencyLevel.All)).Found);
    }

    [Fact]
    public async Task An_older_write_arriving_late_does_not_overwrite_a_newer_one()
    {
        const string key = "late-write";
        var first = await Cluster.Coordinator("node1").PutAsync(key, [1], ConsistencyLevel.All);
        var second = await Cluster.Coordinator("node1").PutAsync(key, [2], ConsistencyLevel.All);

        var held = await Cluster.Storage("node3").ApplyAsync(key, new VersionedValue(first.Version, [1]));

        Assert.Equal(second.Version, held);
        Assert.Equal([2], (await Cluster.Coordinator("node2").GetAsync(key, ConsistencyLevel.All)).Value);
    }

    [Fact]
    public async Task Concurrent_writes_from_different_coordinators_converge_to_one_value_on_every_replica()
    {
        const string key = "concurrent";
        var writes = Enumerable.Range(0, 60)
            .Select(i => Cluster.Coordinator($"node{i % 3 + 1}").PutAsync(key, [(byte)i], ConsistencyLevel.All));
        var results = await Task.WhenAll(writes);

        var newest = results.Select(r => r.Version).Max()!;
        foreach (var node in Cluster.NodeIds)
        {
            var held = await Cluster.Storage(node).ReadAsync(key);
            Assert.Equal(newest, held!.Version);
        }
    }

    [Fact]
    public async Task One_node_serves_many_requests_at_once()
    {
        var coordinator = Cluster.Coordinator("node1");

        var writes = await Task.WhenAll(Enumerable.Range(0, 500)
            .Select(i => coordinator.PutAsync($"parallel/{i}", BitConverter.GetBytes(i), ConsistencyLevel.Quorum)));
        var reads = await Task.WhenAll(Enumerable.Range(0, 500)
            .Select(i => coordinator.GetAsync($"parallel/{i}", ConsistencyLevel.Quorum)));

        Assert.All(writes, w => Assert.True(w.AcknowledgedBy.Length >= 2));
        Assert.All(reads.Select((r, i) => (r, i)), x => Assert.Equal(x.i, BitConverter.ToInt32(x.r.Value)));
    }

    [Fact]
    public async Task Keys_with_any_characters_round_trip()
    {
        const string key = "user:42/profile?x=1&y=ü 🎉";

        await Cluster.Coordinator("node1").PutAsync(key, [7], ConsistencyLevel.Quorum);

        Assert.Equal([7], (await Cluster.Coordinator("node2").GetAsync(key, ConsistencyLevel.Quorum)).Value);
    }

    [Fact]
    public async Task Bad_keys_values_and_levels_fail_with_a_clear_argument_error()
    {
        var coordinator = Cluster.Coordinator("node1");

        var empty = await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.PutAsync("", [1], ConsistencyLevel.One));
        var longKey = await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.GetAsync(new string('k', 1025), ConsistencyLevel.One));
        var large = await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.PutAsync("big", new byte[1024 * 1024 + 1], ConsistencyLevel.One));
        var level = await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.DeleteAsync("k", (ConsistencyLevel)7));

        Assert.Equal(InvalidRequestKind.EmptyKey, empty.Kind);
        Assert.Equal(InvalidRequestKind.KeyTooLong, longKey.Kind);
        Assert.Equal(InvalidRequestKind.ValueTooLarge, large.Kind);
        Assert.Equal(InvalidRequestKind.UnknownConsistencyLevel, level.Kind);
        Assert.Contains("1024", longKey.Message);
    }

    [Fact]
    public async Task A_value_of_exactly_the_size_limit_is_stored()
    {
        var value = new byte[1024 * 1024];
        value[^1] = 42;

        await Cluster.Coordinator("node1").PutAsync("limit-sized", value, ConsistencyLevel.All);

        Assert.Equal(value, (await Cluster.Coordinator("node2").GetAsync("limit-sized", ConsistencyLevel.One)).Value);
    }
}
