using System.Text;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;
using OrleansKv.Versioning;

namespace OrleansKv.IntegrationTests.Time;

/// <summary>Versions from clocks that disagree: a write never loses to skew, and a clock far ahead is refused.</summary>
public sealed class ClockSkewTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private KeyValueTestCluster Cluster => fixture.Cluster;

    private static ValueVersion AheadBy(TimeSpan ahead, string node) =>
        new(DateTimeOffset.UtcNow.Add(ahead).ToUnixTimeMilliseconds() << ValueVersion.LogicalBits, node);

    [Fact]
    public async Task A_write_through_a_node_whose_clock_is_behind_is_stamped_again_above_the_newer_version_and_kept()
    {
        // Another coordinator's clock ran 3 s ahead (within the allowed drift) when it wrote.
        var earlier = AheadBy(TimeSpan.FromSeconds(3), "node9");
        foreach (var node in Cluster.NodeIds)
        {
            await Cluster.Storage(node).ApplyAsync("skewed", new VersionedValue(earlier, Encoding.UTF8.GetBytes("earlier")));
        }

        var written = await Cluster.Coordinator("node1").PutAsync("skewed", Encoding.UTF8.GetBytes("later"), ConsistencyLevel.Quorum);
        var read = await Cluster.Coordinator("node2").GetAsync("skewed", ConsistencyLevel.Quorum);

        Assert.True(written.Version.IsNewerThan(earlier), $"{written.Version} is not above {earlier}");
        Assert.Equal("later", Encoding.UTF8.GetString(read.Value!));
        Assert.Equal(written.Version, read.Version);
    }

    [Fact]
    public async Task A_write_hidden_by_a_version_too_far_ahead_to_stamp_above_is_refused_as_maybe_applied_not_acknowledged()
    {
        // Such a version reaches replicas only around the drift check (a repair from a replica
        // that accepted it): put it straight into the stores.
        await MeasuredAsync("node1", "node3");
        var future = new VersionedValue(AheadBy(TimeSpan.FromHours(1), "node3"), Encoding.UTF8.GetBytes("future"));
        foreach (var node in Cluster.NodeIds)
        {
            await Cluster.Service<Grains.Storage.IKeyValueStore>(node).ApplyAsync("hidden", future);
        }

        var error = await Assert.ThrowsAsync<ConsistencyNotMetException>(async () =>
            await Cluster.Coordinator("node1").PutAsync("hidden", Encoding.UTF8.GetBytes("now"), ConsistencyLevel.Quorum));

        Assert.True(error.MayHaveBeenApplied);
        Assert.Empty(error.AcknowledgedBy);
        Assert.Contains("check the clock of node3", error.Message);
    }

    [Fact]
    public async Task A_replica_refuses_a_version_stamped_a_day_ahead_and_names_the_clock_to_check()
    {
        await MeasuredAsync("node2", "node3");

        var error = await Assert.ThrowsAsync<ClockDriftException>(async () =>
            await Cluster.Storage("node2").ApplyAsync("future", new VersionedValue(AheadBy(TimeSpan.FromDays(1), "node3"), [1])));

        Assert.Equal("node3", error.StampedBy);
        Assert.Equal("node3", error.ClockToCheck);
        Assert.Contains("check the clock of node3.", error.Message);
        Assert.Null(await Cluster.Storage("node2").ReadAsync("future"));
    }

    [Fact]
    public async Task Before_a_peers_clock_is_measured_a_drift_error_names_both_clocks_rather_than_guess()
    {
        var error = await Assert.ThrowsAsync<ClockDriftException>(async () =>
            await Cluster.Storage("node2").ApplyAsync("future2", new VersionedValue(AheadBy(TimeSpan.FromDays(1), "node7"), [1])));

        Assert.Equal("node7 or node2 (their offset is not measured yet)", error.ClockToCheck);
    }

    // The offset probe reads every peer each second; a verdict naming a clock needs a reading.
    private Task MeasuredAsync(string node, string peer) =>
        Poll.UntilAsync(
            () => Task.FromResult(Cluster.Service<ClockFence>(node).Status.Offsets.Any(o => o.NodeId == peer)),
            $"{node} to have measured {peer}'s clock");
}
