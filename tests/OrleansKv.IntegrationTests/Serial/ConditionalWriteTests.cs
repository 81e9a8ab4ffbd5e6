using System.Text;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Versioning;

namespace OrleansKv.IntegrationTests.Serial;

/// <summary>Conditional writes and serial reads on a 3-node cluster (every key on every node).</summary>
public sealed class ConditionalWriteTests(ThreeNodeClusterFixture fixture) : IClassFixture<ThreeNodeClusterFixture>
{
    private const ConsistencyLevel Serial = ConsistencyLevel.Serial;

    private KeyValueTestCluster Cluster => fixture.Cluster;

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static string Key() => "cas/" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Put_if_absent_applies_once_and_the_second_fails_with_the_value_that_won()
    {
        var key = Key();

        var first = await Cluster.Coordinator("node1").PutIfAsync(key, Json("1"), WriteCondition.Absent, Serial, null);
        var second = await Assert.ThrowsAsync<ConditionFailedException>(
            () => Cluster.Coordinator("node2").PutIfAsync(key, Json("2"), WriteCondition.Absent, Serial, null));

        Assert.Equal(Serial, first.Level);
        Assert.True(second.Found);
        Assert.Equal(Json("1"), second.CurrentValue);
        Assert.Equal(first.Version, second.CurrentVersion);
        Assert.Equal(Json("1"), (await Cluster.Coordinator("node3").GetAsync(key, ConsistencyLevel.Quorum)).Value);
    }

    [Fact]
    public async Task Compare_and_set_applies_on_the_current_version_and_fails_on_a_stale_one()
    {
        var key = Key();
        var original = await Cluster.Coordinator("node1").PutAsync(key, Json("\"a\""), ConsistencyLevel.Quorum);

        var swapped = await Cluster.Coordinator("node2").PutIfAsync(key, Json("\"b\""), WriteCondition.Version(original.Version), Serial, null);
        var stale = await Assert.ThrowsAsync<ConditionFailedException>(
            () => Cluster.Coordinator("node3").PutIfAsync(key, Json("\"c\""), WriteCondition.Version(original.Version), Serial, null));
        var read = await Cluster.Coordinator("node3").GetAsync(key, Serial);

        Assert.True(swapped.Version.IsNewerThan(original.Version));
        Assert.Equal(swapped.Version, stale.CurrentVersion);
        Assert.Equal(Json("\"b\""), stale.CurrentValue);
        Assert.Equal(Json("\"b\""), read.Value);
        Assert.Equal(swapped.Version, read.Version);
    }

    [Fact]
    public async Task A_conditional_delete_makes_the_key_absent_for_put_if_absent()
    {
        var key = Key();
        var written = await Cluster.Coordinator("node1").PutIfAsync(key, Json("1"), WriteCondition.Absent, Serial, null);

        await Cluster.Coordinator("node2").DeleteIfAsync(key, WriteCondition.Version(written.Version), Serial);
        var gone = await Cluster.Coordinator("node3").GetAsync(key, Serial);
        var again = await Cluster.Coordinator("node3").PutIfAsync(key, Json("2"), WriteCondition.Absent, Serial, null);
        var failed = await Assert.ThrowsAsync<ConditionFailedException>(
            () => Cluster.Coordinator("node1").DeleteIfAsync(key, WriteCondition.Version(written.Version), Serial));

        Assert.False(gone.Found);
        Assert.NotNull(gone.Version);
        Assert.Equal(again.Version, failed.CurrentVersion);
    }

    [Fact]
    public async Task Conditions_need_serial_and_serial_needs_a_condition()
    {
        var key = Key();

        var quorumCondition = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Cluster.Coordinator("node1").PutIfAsync(key, Json("1"), WriteCondition.Absent, ConsistencyLevel.Quorum, null));
        var serialPlain = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Cluster.Coordinator("node1").PutAsync(key, Json("1"), Serial));
        var serialDelete = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Cluster.Coordinator("node1").DeleteAsync(key, Serial));

        Assert.Contains("serial", quorumCondition.Message);
        Assert.Contains("condition", serialPlain.Message);
        Assert.Equal(InvalidRequestKind.LevelNotForCondition, serialDelete.Kind);
        Assert.False((await Cluster.Coordinator("node1").GetAsync(key, Serial)).Found);
    }

    [Fact]
    public async Task A_serial_read_completes_a_proposal_accepted_by_a_quorum_with_its_value_and_version()
    {
        var key = Key();
        var ballot = new ValueVersion(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << ValueVersion.LogicalBits, "node9");
        var value = new VersionedValue(new ValueVersion(ballot.Timestamp + 1, "node9"), Json("\"orphan\""));
        var proposal = new PaxosProposal(ballot, value);

        // A proposer that crashed after its accepts: node1 and node2 accepted, nobody committed.
        foreach (var node in new[] { "node1", "node2" })
        {
            Assert.True((await Cluster.Storage(node).PrepareAsync(key, ballot)).Promised);
            Assert.True((await Cluster.Storage(node).ProposeAsync(key, proposal)).Accepted);
        }

        Assert.False((await Cluster.Coordinator("node3").GetAsync(key, ConsistencyLevel.Quorum)).Found);
        var read = await Cluster.Coordinator("node3").GetAsync(key, Serial);

        Assert.Equal(Json("\"orphan\""), read.Value);
        Assert.Equal(value.Version, read.Version);
        foreach (var node in new[] { "node1", "node2" })
        {
            Assert.Equal(value.Version, (await Cluster.Storage(node).ReadAsync(key))!.Version);
        }
    }

    [Fact]
    public async Task A_compare_and_set_finishes_an_accepted_proposal_first_and_then_compares_against_it()
    {
        var key = Key();
        var original = await Cluster.Coordinator("node1").PutAsync(key, Json("0"), ConsistencyLevel.All);
        var ballot = new ValueVersion(original.Version.Timestamp + 10, "node9");
        var orphan = new PaxosProposal(ballot, new VersionedValue(new ValueVersion(ballot.Timestamp + 1, "node9"), Json("1")));
        foreach (var node in new[] { "node2", "node3" })
        {
            await Cluster.Storage(node).PrepareAsync(key, ballot);
            await Cluster.Storage(node).ProposeAsync(key, orphan);
        }

        var failed = await Assert.ThrowsAsync<ConditionFailedException>(
            () => Cluster.Coordinator("node1").PutIfAsync(key, Json("2"), WriteCondition.Version(original.Version), Serial, null));

        Assert.Equal(orphan.Value!.Version, failed.CurrentVersion);
        Assert.Equal(Json("1"), failed.CurrentValue);
    }

    [Fact]
    public async Task Listings_and_imports_refuse_serial_which_is_for_single_keys()
    {
        var listing = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Cluster.Coordinator("node1").ListKeysAsync("", 10, null, Serial));
        var import = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Cluster.Coordinator("node1").ImportAsync([], Serial));

        Assert.Contains("single keys", listing.Message);
        Assert.Contains("single keys", import.Message);
    }
}
