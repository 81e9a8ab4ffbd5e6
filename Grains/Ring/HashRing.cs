using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// An immutable consistent-hash ring with virtual nodes. Each node owns
/// <c>virtualNodes</c> tokens, token i being <see cref="RingToken.Of"/>("nodeId#i").
/// Direction: clockwise means increasing token, wrapping from ulong.MaxValue to 0. A key
/// belongs to the first token at or after its own; its preference list is the first N
/// distinct nodes met walking clockwise from there.
/// </summary>
/// <remarks>
/// Built from the members and their tokens alone, so every node that follows the same ring
/// record builds the same ring. Lookups are a binary search over a flat sorted array: lock-free and allocation-light;
/// membership changes build a new ring rather than mutating this one.
/// </remarks>
public sealed class HashRing
{
    private readonly ulong[] _tokens;
    private readonly int[] _owners;

    private HashRing(string[] nodes, ulong[] tokens, int[] owners, int virtualNodes)
    {
        Nodes = nodes;
        _tokens = tokens;
        _owners = owners;
        VirtualNodes = virtualNodes;
    }

    /// <summary>The member node ids, sorted ordinally.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>Tokens per node.</summary>
    public int VirtualNodes { get; }

    /// <summary>An empty ring (no members).</summary>
    public static HashRing Empty { get; } = new([], [], [], 0);

    /// <summary>Builds the ring for <paramref name="nodeIds"/> with <paramref name="virtualNodes"/> tokens each (<see cref="TokensFor"/>).</summary>
    public static HashRing Build(IEnumerable<string> nodeIds, int virtualNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodes, 1);
        return FromTokens(nodeIds.Distinct(StringComparer.Ordinal).Select(n => (n, (IReadOnlyList<ulong>)TokensFor(n, virtualNodes))));
    }

    /// <summary>The tokens a node takes when it enters the ring: token i is the hash of "nodeId#i".</summary>
    public static ulong[] TokensFor(string nodeId, int virtualNodes)
    {
        var tokens = new ulong[virtualNodes];
        for (var v = 0; v < virtualNodes; v++)
        {
            tokens[v] = RingToken.Of($"{nodeId}#{v}");
        }

        return tokens;
    }

    /// <summary>Builds the ring from each member's own tokens, as the ring record lists them.</summary>
    public static HashRing FromTokens(IEnumerable<(string NodeId, IReadOnlyList<ulong> Tokens)> members)
    {
        var sorted = members.OrderBy(m => m.NodeId, StringComparer.Ordinal).ToArray();
        var nodes = sorted.Select(m => m.NodeId).ToArray();
        var entries = new List<(ulong Token, int Owner)>(sorted.Sum(m => m.Tokens.Count));
        for (var n = 0; n < sorted.Length; n++)
        {
            entries.AddRange(sorted[n].Tokens.Select(t => (t, n)));
        }

        // Ties between nodes' tokens are broken by node order so every builder agrees.
        entries.Sort((a, b) => a.Token != b.Token ? a.Token.CompareTo(b.Token) : a.Owner.CompareTo(b.Owner));
        var virtualNodes = sorted.Length == 0 ? 0 : sorted.Max(m => m.Tokens.Count);
        return new HashRing(nodes, entries.Select(e => e.Token).ToArray(), entries.Select(e => e.Owner).ToArray(), virtualNodes);
    }

    /// <summary>
    /// The first <paramref name="count"/> distinct nodes clockwise from <paramref name="token"/>
    /// (fewer if the ring has fewer nodes), first replica first.
    /// </summary>
    public string[] PreferenceList(ulong token, int count)
    {
        count = Math.Min(count, Nodes.Count);
        if (count <= 0)
        {
            return [];
        }

        var result = new string[count];
        Span<bool> taken = Nodes.Count <= 256 ? stackalloc bool[Nodes.Count] : new bool[Nodes.Count];
        var found = 0;
        var start = FirstTokenAtOrAfter(token);
        for (var step = 0; step < _tokens.Length && found < count; step++)
        {
            var owner = _owners[(start + step) % _tokens.Length];
            if (!taken[owner])
            {
                taken[owner] = true;
                result[found++] = Nodes[owner];
            }
        }

        return result;
    }

    /// <summary>The preference list of a key.</summary>
    public string[] PreferenceList(string key, int count) => PreferenceList(RingToken.Of(key), count);

    /// <summary>The node that owns <paramref name="token"/> as first replica.</summary>
    public string PrimaryOwner(ulong token) =>
        _tokens.Length == 0 ? throw new InvalidOperationException("The ring has no members.") : Nodes[_owners[FirstTokenAtOrAfter(token)]];

    /// <summary>
    /// The fraction of the token space each node owns as first replica (sums to 1). A token's
    /// owner holds the arc from the previous token (exclusive) up to it (inclusive).
    /// </summary>
    public IReadOnlyDictionary<string, double> PrimaryShares()
    {
        var shares = Nodes.ToDictionary(n => n, _ => 0.0, StringComparer.Ordinal);
        for (var i = 0; i < _tokens.Length; i++)
        {
            // Unsigned subtraction wraps, which is exactly the arc length for the first token.
            var previous = _tokens[(i - 1 + _tokens.Length) % _tokens.Length];
            var arc = _tokens.Length == 1 ? ulong.MaxValue : _tokens[i] - previous;
            shares[Nodes[_owners[i]]] += arc / (double)ulong.MaxValue;
        }

        return shares;
    }

    /// <summary>
    /// The arcs of the ring that <paramref name="nodeId"/> replicates, each with the set of its
    /// <paramref name="count"/> replicas (sorted by id); neighbouring arcs with the same replicas
    /// are merged into one, clockwise from the lowest token.
    /// </summary>
    public List<(TokenRange Range, string[] Replicas)> RangesReplicatedBy(string nodeId, int count)
    {
        var arcs = new List<(TokenRange Range, string[] Replicas)>();
        if (_tokens.Length == 0)
        {
            return arcs;
        }

        for (var i = 0; i < _tokens.Length; i++)
        {
            // Tokens shared by several nodes bound no arc of their own.
            var previous = _tokens[(i - 1 + _tokens.Length) % _tokens.Length];
            if (previous == _tokens[i] && _tokens.Length > 1)
            {
                continue;
            }

            var replicas = PreferenceList(_tokens[i], count);
            if (Array.IndexOf(replicas, nodeId) < 0)
            {
                continue;
            }

            // Repair needs the set of replicas, not their order: sorted, neighbours compare equal.
            Array.Sort(replicas, StringComparer.Ordinal);
            if (arcs.Count > 0 && arcs[^1].Range.EndInclusive == previous && arcs[^1].Replicas.AsSpan().SequenceEqual(replicas))
            {
                arcs[^1] = (new TokenRange(arcs[^1].Range.StartExclusive, _tokens[i]), replicas);
            }
            else
            {
                arcs.Add((new TokenRange(previous, _tokens[i]), replicas));
            }
        }

        // The last arc may run on into the first, across the top of the token space.
        if (arcs.Count > 1 && arcs[^1].Range.EndInclusive == arcs[0].Range.StartExclusive && arcs[^1].Replicas.AsSpan().SequenceEqual(arcs[0].Replicas))
        {
            arcs[0] = (new TokenRange(arcs[^1].Range.StartExclusive, arcs[0].Range.EndInclusive), arcs[0].Replicas);
            arcs.RemoveAt(arcs.Count - 1);
        }

        if (_tokens.Length == 1 || (arcs.Count == 1 && arcs[0].Range.StartExclusive == arcs[0].Range.EndInclusive))
        {
            return arcs.Count == 0 ? arcs : [(TokenRange.Full, arcs[0].Replicas)];
        }

        return arcs;
    }

    /// <summary>Every token on the ring, ascending (a token two nodes share appears twice).</summary>
    public IReadOnlyList<ulong> AllTokens => _tokens;

    /// <summary>The tokens of one node, ascending.</summary>
    public IEnumerable<ulong> TokensOf(string nodeId)
    {
        var index = Array.IndexOf((string[])Nodes, nodeId);
        for (var i = 0; i < _tokens.Length; i++)
        {
            if (_owners[i] == index)
            {
                yield return _tokens[i];
            }
        }
    }

    private int FirstTokenAtOrAfter(ulong token)
    {
        var index = Array.BinarySearch(_tokens, token);
        if (index < 0)
        {
            index = ~index;
        }

        // Multiple equal tokens: step back to the first so ties resolve by node order.
        while (index > 0 && index < _tokens.Length && _tokens[index - 1] == token)
        {
            index--;
        }

        return index == _tokens.Length ? 0 : index;
    }
}
