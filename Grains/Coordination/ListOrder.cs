using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The order every listing walks, the stores' own: by ring token, then by the key's UTF-8 bytes
/// (not .NET's UTF-16 order, which differs for characters beyond the basic plane). A position
/// with no key stands after every key of its token.
/// </summary>
public static class ListOrder
{
    public static ListPosition PositionOf(string key) => new(RingToken.Of(key), key);

    public static int Compare(ListPosition a, ListPosition b)
    {
        if (a.Token != b.Token)
        {
            return a.Token.CompareTo(b.Token);
        }

        return (a.Key, b.Key) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (x, y) => CompareUtf8(x, y),
        };
    }

    private static int CompareUtf8(string a, string b)
    {
        var bytesA = Encoding.UTF8.GetBytes(a);
        var bytesB = Encoding.UTF8.GetBytes(b);
        return bytesA.AsSpan().SequenceCompareTo(bytesB);
    }
}
