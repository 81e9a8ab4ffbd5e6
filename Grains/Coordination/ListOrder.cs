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
    /// <summary>
    /// A place in the order with its token and UTF-8 bytes worked out once, so that filtering and
    /// sorting a page's entries hash and encode each key once, not at every comparison.
    /// </summary>
    /// <param name="Token">The key's ring token.</param>
    /// <param name="Utf8">The key's UTF-8 bytes; null for "after every key of the token".</param>
    public readonly record struct Key(ulong Token, byte[]? Utf8) : IComparable<Key>
    {
        public static Key Of(string key) => new(RingToken.Of(key), Encoding.UTF8.GetBytes(key));

        public static Key Of(ListPosition position) =>
            new(position.Token, position.Key is null ? null : Encoding.UTF8.GetBytes(position.Key));

        public int CompareTo(Key other) =>
            Token != other.Token ? Token.CompareTo(other.Token)
            : (Utf8, other.Utf8) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (a, b) => a.AsSpan().SequenceCompareTo(b),
            };
    }

    public static int Compare(ListPosition a, ListPosition b) => Key.Of(a).CompareTo(Key.Of(b));
}
