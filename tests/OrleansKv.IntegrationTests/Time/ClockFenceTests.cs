using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;
using OrleansKv.Time;

namespace OrleansKv.IntegrationTests.Time;

/// <summary>
/// A node whose clock is 20 s slow (the test-only clock offset) in a 3-node cluster: the majority
/// decides, so node1 fences itself while node2 and node3 go on.
/// </summary>
public sealed class ClockFenceTests : IAsyncLifetime
{
    private KeyValueTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await KeyValueTestCluster.StartAsync(3, configureNode: (node, silo) =>
        {
            if (node == "node1")
            {
                silo.Services.Configure<ClockOptions>(o => o.TestOffset = TimeSpan.FromSeconds(-20));
            }
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_slow_node_fences_itself_and_its_peers_measure_it_twenty_seconds_behind_while_they_stay_ok()
    {
        await Poll.UntilAsync(() => Task.FromResult(_cluster.Service<ClockFence>("node1").IsFenced), "node1 to fence itself");

        Assert.Contains("fix node1's clock", _cluster.Service<ClockFence>("node1").Status.Reason);

        // Each node judges after its own round of readings: wait for both peers' verdicts.
        foreach (var node in new[] { "node2", "node3" })
        {
            await Poll.UntilAsync(
                () =>
                {
                    var status = _cluster.Service<ClockFence>(node).Status;
                    var node1 = status.Offsets.FirstOrDefault(o => o.NodeId == "node1");
                    return Task.FromResult(
                        status.State == ClockState.Ok && status.Offsets.Length == 2 && node1 is { OffsetMs: > -21_000 and < -19_000 }
                            ? null
                            : $"{status.State}, offsets: {string.Join(", ", status.Offsets.Select(o => $"{o.NodeId} {o.OffsetMs:0} ms"))}");
                },
                $"{node} to be ok and to measure node1 about 20 s behind");
        }
    }

    [Fact]
    public async Task A_fenced_node_coordinates_nothing_and_its_replica_counts_as_down_so_quorum_goes_on_and_all_fails()
    {
        await Poll.UntilAsync(() => Task.FromResult(_cluster.Service<ClockFence>("node1").IsFenced), "node1 to fence itself");

        var refused = await Assert.ThrowsAsync<ClockFencedException>(async () =>
            await _cluster.Coordinator("node1").PutAsync("fenced", Encoding.UTF8.GetBytes("x"), ConsistencyLevel.One));
        Assert.Equal("node1", refused.NodeId);
        Assert.Matches(@"its clock is (19\.\d|20\.\d) s behind", refused.Message);

        var written = await _cluster.Coordinator("node2").PutAsync("fenced", Encoding.UTF8.GetBytes("v"), ConsistencyLevel.Quorum);
        Assert.DoesNotContain("node1", written.AcknowledgedBy);
        // The hint is recorded when node1's refusal arrives, which may be after the quorum answered.
        await Poll.UntilAsync(() => Task.FromResult(_cluster.Service<HintStore>("node2").Pending > 0), "node2 to keep a hint for the fenced node1");

        var read = await _cluster.Coordinator("node3").GetAsync("fenced", ConsistencyLevel.Quorum);
        Assert.Equal("v", Encoding.UTF8.GetString(read.Value!));
        await Assert.ThrowsAsync<ConsistencyNotMetException>(async () =>
            await _cluster.Coordinator("node2").PutAsync("fenced", Encoding.UTF8.GetBytes("w"), ConsistencyLevel.All));
        await Assert.ThrowsAsync<ClockFencedException>(async () => await _cluster.Storage("node1").ReadAsync("fenced"));
    }
}
