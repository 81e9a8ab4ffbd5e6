using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.UnitTests.Ring;

public sealed class RangeMovementsTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 5000).Select(i => $"key-{i}").ToArray();

    [Fact]
    public void A_joining_node_gains_exactly_the_keys_it_replicates_afterwards_each_with_its_old_replicas_as_sources()
    {
        var before = HashRing.Build(["node1", "node2", "node3", "node4"], 64);
        var after = HashRing.Build(["node1", "node2", "node3", "node4", "node5"], 64);

        var gained = RangeMovements.Gained(before, after, "node5", 3);

        foreach (var key in Keys)
        {
            var token = RingToken.Of(key);
            var range = gained.Where(g => g.Range.Contains(token)).ToList();
            var replicatesAfter = after.PreferenceList(token, 3).Contains("node5");
            Assert.Equal(replicatesAfter ? 1 : 0, range.Count);
            if (replicatesAfter)
            {
                Assert.Equal(before.PreferenceList(token, 3), range[0].Sources);
            }
        }
    }

    [Fact]
    public void When_a_node_leaves_the_others_gain_every_key_it_held_and_nothing_else()
    {
        var before = HashRing.Build(["node1", "node2", "node3", "node4"], 64);
        var after = HashRing.Build(["node1", "node2", "node4"], 64);

        foreach (var key in Keys)
        {
            var token = RingToken.Of(key);
            foreach (var node in after.Nodes)
            {
                var gains = RangeMovements.Gained(before, after, node, 3).Any(g => g.Range.Contains(token));
                var expected = after.PreferenceList(token, 3).Contains(node) && !before.PreferenceList(token, 3).Contains(node);
                Assert.Equal(expected, gains);
            }
        }
    }

    [Fact]
    public void The_ranges_a_node_does_not_replicate_cover_exactly_the_keys_outside_its_preference_lists()
    {
        var ring = HashRing.Build(["node1", "node2", "node3", "node4", "node5"], 64);

        var notMine = RangeMovements.NotReplicatedBy(ring, "node2", 3);

        foreach (var key in Keys)
        {
            var token = RingToken.Of(key);
            Assert.Equal(!ring.PreferenceList(token, 3).Contains("node2"), notMine.Any(r => r.Contains(token)));
        }
    }

    [Fact]
    public void Nothing_is_gained_from_an_empty_ring()
    {
        Assert.Empty(RangeMovements.Gained(HashRing.Empty, HashRing.Build(["node1"], 16), "node1", 3));
    }
}
