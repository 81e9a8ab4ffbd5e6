using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Serial;

/// <summary>Serial requests with replicas down: a quorum decides, fewer fail cleanly and never claim success.</summary>
public sealed class SerialNodeFailureTests
{
    [Fact]
    public async Task With_one_replica_down_a_quorum_decides_and_with_two_down_serial_requests_fail_cleanly()
    {
        await using var cluster = await KeyValueTestCluster.StartAsync(3);
        await cluster.StopNodeAsync("node3");

        var written = await cluster.Coordinator("node1").PutIfAsync("lock", [1], WriteCondition.Absent, ConsistencyLevel.Serial, null);
        var read = await cluster.Coordinator("node2").GetAsync("lock", ConsistencyLevel.Serial);
        await cluster.StopNodeAsync("node2");
        var write = await Assert.ThrowsAsync<ConsistencyNotMetException>(
            () => cluster.Coordinator("node1").PutIfAsync("lock", [2], WriteCondition.Version(written.Version), ConsistencyLevel.Serial, null));
        var serialRead = await Assert.ThrowsAsync<ConsistencyNotMetException>(
            () => cluster.Coordinator("node1").GetAsync("lock", ConsistencyLevel.Serial));

        Assert.Equal(written.Version, read.Version);
        Assert.Equal(ConsistencyLevel.Serial, write.Level);
        Assert.False(write.MayHaveBeenApplied);
        Assert.Equal(0, write.AttemptedReplicas);
        Assert.False(serialRead.MayHaveBeenApplied);
        Assert.Equal([1], (await cluster.Coordinator("node1").GetAsync("lock", ConsistencyLevel.One)).Value);
    }
}
