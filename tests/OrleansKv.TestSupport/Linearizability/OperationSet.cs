namespace OrleansKv.TestSupport.Linearizability;

/// <summary>
/// The set of operations linearized so far, as bits; a value type for the search's cache, so
/// its equality and hash cover the bits, not the array's identity.
/// </summary>
internal readonly struct OperationSet : IEquatable<OperationSet>
{
    private readonly ulong[] _words;

    public OperationSet(int size) => _words = new ulong[(size + 63) / 64];

    private OperationSet(ulong[] words) => _words = words;

    public OperationSet With(int index)
    {
        var words = (ulong[])_words.Clone();
        words[index / 64] |= 1UL << (index % 64);
        return new OperationSet(words);
    }

    public bool Equals(OperationSet other) => _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => obj is OperationSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var word in _words)
        {
            hash.Add(word);
        }

        return hash.ToHashCode();
    }
}
