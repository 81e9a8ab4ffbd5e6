using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.UnitTests.Ring;

public sealed class RingSamenessTests
{
    private static readonly RingRecord Three = new(3, [Member("node1", 1, 2), Member("node2", 3, 4), Member("node3", 5, 6)], null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_same_record_read_again_is_the_same_ring() =>
        Assert.Null(RingSameness.Difference(Three, RingRecordJson.Deserialize(RingRecordJson.Serialize(Three)) with { ChangedAt = DateTimeOffset.UtcNow }));

    [Fact]
    public void Another_epoch_is_another_ring() =>
        Assert.Contains("epoch 4", RingSameness.Difference(Three, Three with { Epoch = 4 }));

    [Fact]
    public void A_node_added_or_gone_is_another_ring_even_at_the_same_epoch()
    {
        Assert.Contains("node4 is in the ring now", RingSameness.Difference(Three, Three with { Members = [.. Three.Members, Member("node4", 7)] }));
        Assert.Contains("node3 was in the ring", RingSameness.Difference(Three, Three with { Members = Three.Members[..2] }));
    }

    [Fact]
    public void Other_tokens_at_the_same_epoch_are_another_ring_a_cluster_created_anew() =>
        Assert.Contains("node2's tokens", RingSameness.Difference(Three, Three with { Members = [Three.Members[0], Member("node2", 3, 9), Three.Members[2]] }));

    [Fact]
    public void No_ring_now_is_never_the_snapshot_ring() =>
        Assert.Contains("no ring record", RingSameness.Difference(Three, RingRecord.Empty));

    private static RingMember Member(string id, params ulong[] tokens) => new(id, RingMemberState.Normal, tokens);
}
