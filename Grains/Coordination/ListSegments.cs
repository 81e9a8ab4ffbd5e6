using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The token space [0, 2^64) cut at the ring's tokens into ranges that do not wrap, in token
/// order: a listing walks them one after another, each from its own replicas. The ring's
/// wrapping arc (last token, first token] is two of them, at the start and at the end.
/// </summary>
public sealed class ListSegments
{
    private readonly ulong[] _firsts;
    private readonly ulong[] _lasts;

    private ListSegments(ulong[] firsts, ulong[] lasts)
    {
        _firsts = firsts;
        _lasts = lasts;
    }

    public int Count => _firsts.Length;

    public (ulong First, ulong Last) this[int index] => (_firsts[index], _lasts[index]);

    public static ListSegments Of(HashRing ring)
    {
        var tokens = ring.AllTokens;
        if (tokens.Count == 0)
        {
            return new([], []);
        }

        var firsts = new List<ulong> { 0 };
        var lasts = new List<ulong>();
        foreach (var token in tokens)
        {
            lasts.Add(token);
            if (token == ulong.MaxValue)
            {
                break;
            }

            firsts.Add(token + 1);
        }

        if (lasts.Count < firsts.Count)
        {
            lasts.Add(ulong.MaxValue);
        }

        return new([.. firsts], [.. lasts]);
    }

    /// <summary>The segment holding <paramref name="token"/>.</summary>
    public int IndexOf(ulong token)
    {
        var index = Array.BinarySearch(_firsts, token);
        return index >= 0 ? index : ~index - 1;
    }
}
