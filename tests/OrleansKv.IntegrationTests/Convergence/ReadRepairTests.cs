using System.Text;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Versioning;

namespace OrleansKv.IntegrationTests.Convergence;

public sealed class ReadRepairTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private KeyValueTestCluster Cluster => fixture.Cluster;

    private static VersionedValue Value(string text, long timestamp) => new(new ValueVersion(timestamp, "node9"), Encoding.UTF8.GetBytes(text));

    private async Task<ValueVersion?[]> VersionsOnEveryReplicaAsync(string key) =>
        await Task.WhenAll(Cluster.NodeIds.Select(async n => (await Cluster.Storage(n).ReadAsync(key))?.Version));

    [Theory]
    [InlineData("node1", ConsistencyLevel.Quorum)]
    [InlineData("node2", ConsistencyLevel.Quorum)]
    [InlineData("node3", ConsistencyLevel.All)]
    public async Task A_read_returns_the_newest_version_and_afterwards_every_replica_holds_it(string stale, ConsistencyLevel level)
    {
        var key = $"stale/{stale}/{level}";
        var newest = Value("newest", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16);
        var older = Value("older", (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000) << 16);
        foreach (var node in Cluster.NodeIds)
        {
            await Cluster.Storage(node).ApplyAsync(key, node == stale ? older : newest);
        }

        var read = await Cluster.Coordinator("node1").GetAsync(key, level);

        Assert.Equal("newest", Encoding.UTF8.GetString(read.Value!));
        Assert.Equal(newest.Version, read.Version);
        await Poll.UntilAsync(
            async () => (await VersionsOnEveryReplicaAsync(key)).All(v => newest.Version.Equals(v)),
            $"every replica of {key} to hold {newest.Version}");
    }

    [Fact]
    public async Task A_replica_that_never_saw_the_key_is_repaired_by_an_all_read_before_it_answers()
    {
        const string key = "stale/missing-on-node2";
        var newest = Value("v", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16);
        await Cluster.Storage("node1").ApplyAsync(key, newest);
        await Cluster.Storage("node3").ApplyAsync(key, newest);
        var before = (await Cluster.NodeInfo("node2").GetStatsAsync(0)).Convergence.ReadRepairs;

        await Cluster.Coordinator("node2").GetAsync(key, ConsistencyLevel.All);

        // Blocking repair: the replica holds the value as soon as the read has answered.
        Assert.Equal(newest.Version, (await Cluster.Storage("node2").ReadAsync(key))?.Version);
        Assert.True((await Cluster.NodeInfo("node2").GetStatsAsync(0)).Convergence.ReadRepairs > before);
    }

    [Fact]
    public async Task Two_quorum_reads_in_a_row_never_go_backwards()
    {
        var random = new Random(11);
        for (var round = 0; round < 20; round++)
        {
            var key = $"monotonic/{round}";
            var newest = Value($"new-{round}", (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + round) << 16);
            var fresh = Cluster.NodeIds[random.Next(3)];
            await Cluster.Storage(fresh).ApplyAsync(key, newest);
            foreach (var node in Cluster.NodeIds.Where(n => n != fresh))
            {
                await Cluster.Storage(node).ApplyAsync(key, Value("old", 1000));
            }

            var first = await Cluster.Coordinator(Cluster.NodeIds[random.Next(3)]).GetAsync(key, ConsistencyLevel.Quorum);
            var second = await Cluster.Coordinator(Cluster.NodeIds[random.Next(3)]).GetAsync(key, ConsistencyLevel.Quorum);

            Assert.True(second.Version!.CompareTo(first.Version) >= 0, $"round {round}: {first.Version} then {second.Version}");
        }
    }
}
