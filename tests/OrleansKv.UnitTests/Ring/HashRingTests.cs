using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.UnitTests.Ring;

public sealed class HashRingTests
{
    private const int Seed = 20261125;

    private static string[] RandomKeys(int count)
    {
        var random = new Random(Seed);
        return Enumerable.Range(0, count).Select(_ => $"key-{random.NextInt64():x}").ToArray();
    }

    [Fact]
    public void The_same_members_build_the_same_ring_in_any_order()
    {
        var a = HashRing.Build(["node1", "node2", "node3"], 256);
        var b = HashRing.Build(["node3", "node1", "node2", "node1"], 256);

        foreach (var key in RandomKeys(2000))
        {
            Assert.Equal(a.PreferenceList(key, 3), b.PreferenceList(key, 3));
        }
    }

    [Fact]
    public void A_key_token_is_the_big_endian_prefix_of_its_md5()
    {
        // MD5("hello") = 5d41402abc4b2a76b9719d911017c592
        Assert.Equal(0x5d41402abc4b2a76UL, RingToken.Of("hello"));
    }

    [Fact]
    public void A_preference_list_has_n_distinct_nodes_with_the_primary_owner_first()
    {
        var ring = HashRing.Build(["node1", "node2", "node3", "node4", "node5"], 64);

        foreach (var key in RandomKeys(1000))
        {
            var list = ring.PreferenceList(key, 3);
            Assert.Equal(3, list.Distinct().Count());
            Assert.Equal(ring.PrimaryOwner(RingToken.Of(key)), list[0]);
        }
    }

    [Fact]
    public void A_preference_list_is_capped_by_the_number_of_nodes()
    {
        var ring = HashRing.Build(["node1", "node2"], 16);

        Assert.Equal(2, ring.PreferenceList("k", 3).Length);
        Assert.Empty(HashRing.Empty.PreferenceList("k", 3));
    }

    [Fact]
    public void Each_node_owns_the_configured_number_of_virtual_nodes()
    {
        var ring = HashRing.Build(["node1", "node2", "node3"], 100);

        Assert.All(ring.Nodes, n => Assert.Equal(100, ring.TokensOf(n).Count()));
    }

    [Fact]
    public void With_three_nodes_no_node_owns_more_than_115_percent_of_its_fair_share_of_keys()
    {
        var ring = HashRing.Build(["node1", "node2", "node3"], 256);
        var keys = RandomKeys(100_000);

        var counts = keys.GroupBy(k => ring.PreferenceList(k, 1)[0]).ToDictionary(g => g.Key, g => g.Count());

        var fair = keys.Length / 3.0;
        Assert.Equal(3, counts.Count);
        Assert.All(counts, c => Assert.True(c.Value <= fair * 1.15, $"{c.Key} owns {c.Value} keys, fair share {fair:0} (seed {Seed})"));
    }

    [Fact]
    public void Primary_shares_sum_to_one_and_are_near_fair()
    {
        var shares = HashRing.Build(["node1", "node2", "node3"], 256).PrimaryShares();

        Assert.Equal(1.0, shares.Values.Sum(), 6);
        Assert.All(shares.Values, s => Assert.InRange(s, 0.8 / 3, 1.2 / 3));
    }

    [Fact]
    public void Adding_a_fourth_node_moves_only_keys_that_now_belong_to_it()
    {
        var before = HashRing.Build(["node1", "node2", "node3"], 256);
        var after = HashRing.Build(["node1", "node2", "node3", "node4"], 256);
        var keys = RandomKeys(100_000);

        var moved = 0;
        foreach (var key in keys)
        {
            var oldOwner = before.PreferenceList(key, 1)[0];
            var newOwner = after.PreferenceList(key, 1)[0];
            if (oldOwner != newOwner)
            {
                Assert.Equal("node4", newOwner);
                moved++;
            }
        }

        Assert.InRange(moved / (double)keys.Length, 0.20, 0.30);
    }

    [Fact]
    public void Adding_a_node_keeps_the_relative_order_of_old_replicas()
    {
        var before = HashRing.Build(["node1", "node2", "node3", "node4"], 128);
        var after = HashRing.Build(["node1", "node2", "node3", "node4", "node5"], 128);

        foreach (var key in RandomKeys(5000))
        {
            var old = before.PreferenceList(key, 3);
            var now = after.PreferenceList(key, 3).Where(n => n != "node5").ToArray();
            Assert.Equal(old.Take(now.Length), now);
        }
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(5, 3)]
    [InlineData(4, 2)]
    [InlineData(1, 3)]
    public void The_ranges_a_node_replicates_hold_exactly_the_keys_it_is_a_replica_of(int nodes, int replicationFactor)
    {
        var ring = HashRing.Build(Enumerable.Range(1, nodes).Select(n => $"node{n}"), 64);
        var ranges = ring.RangesReplicatedBy("node1", replicationFactor);

        foreach (var key in RandomKeys(5000))
        {
            var token = RingToken.Of(key);
            var replicas = ring.PreferenceList(token, replicationFactor);
            var holding = ranges.Where(r => r.Range.Contains(token)).ToList();
            Assert.Equal(replicas.Contains("node1") ? 1 : 0, holding.Count);
            if (holding.Count == 1)
            {
                Assert.Equal(replicas.Order(StringComparer.Ordinal), holding[0].Replicas);
            }
        }

        if (nodes <= replicationFactor)
        {
            Assert.Equal([TokenRange.Full], ranges.Select(r => r.Range));
        }
    }
}
