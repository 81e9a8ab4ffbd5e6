using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// Which arcs of the ring change hands between two rings. Both rings' tokens cut the token space
/// into elementary arcs; on each, the replicas before and after are compared. Neighbouring arcs
/// with the same outcome are merged, so a join of one node with 256 tokens moves a few hundred
/// ranges, not one per key.
/// </summary>
public static class RangeMovements
{
    /// <summary>The arcs <paramref name="nodeId"/> replicates on <paramref name="next"/> but not on <paramref name="before"/>, each with its replicas on <paramref name="before"/> (where to stream it from).</summary>
    public static List<(TokenRange Range, string[] Sources)> Gained(HashRing before, HashRing next, string nodeId, int replicationFactor)
    {
        var result = new List<(TokenRange Range, string[] Sources)>();
        foreach (var (range, token) in ElementaryArcs(before, next))
        {
            if (Array.IndexOf(next.PreferenceList(token, replicationFactor), nodeId) < 0)
            {
                continue;
            }

            var sources = before.PreferenceList(token, replicationFactor);
            if (sources.Length == 0 || Array.IndexOf(sources, nodeId) >= 0)
            {
                continue;
            }

            Add(result, range, sources);
        }

        return result;
    }

    /// <summary>The arcs <paramref name="nodeId"/> does not replicate on <paramref name="ring"/>: data there is not its to keep.</summary>
    public static List<TokenRange> NotReplicatedBy(HashRing ring, string nodeId, int replicationFactor)
    {
        var result = new List<(TokenRange Range, string[] Sources)>();
        foreach (var (range, token) in ElementaryArcs(ring, ring))
        {
            if (Array.IndexOf(ring.PreferenceList(token, replicationFactor), nodeId) < 0)
            {
                Add(result, range, []);
            }
        }

        return result.Select(r => r.Range).ToList();
    }

    /// <summary>The arcs between consecutive tokens of both rings, each with its end token (which names its replicas).</summary>
    private static IEnumerable<(TokenRange Range, ulong End)> ElementaryArcs(HashRing a, HashRing b)
    {
        var tokens = a.AllTokens.Concat(b.AllTokens).Distinct().Order().ToArray();
        if (tokens.Length == 0)
        {
            yield break;
        }

        if (tokens.Length == 1)
        {
            yield return (TokenRange.Full, tokens[0]);
            yield break;
        }

        for (var i = 0; i < tokens.Length; i++)
        {
            yield return (new TokenRange(tokens[(i - 1 + tokens.Length) % tokens.Length], tokens[i]), tokens[i]);
        }
    }

    private static void Add(List<(TokenRange Range, string[] Sources)> result, TokenRange range, string[] sources)
    {
        if (result.Count > 0 && result[^1].Range.EndInclusive == range.StartExclusive && result[^1].Sources.AsSpan().SequenceEqual(sources))
        {
            result[^1] = (new TokenRange(result[^1].Range.StartExclusive, range.EndInclusive), sources);
        }
        else
        {
            result.Add((range, sources));
        }
    }
}
