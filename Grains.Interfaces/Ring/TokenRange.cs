namespace OrleansKv.Ring;

/// <summary>
/// An arc of the ring: tokens t with StartExclusive &lt; t &lt;= EndInclusive, walking clockwise.
/// When StartExclusive &gt;= EndInclusive the arc wraps past ulong.MaxValue; Start == End is the
/// whole ring. This is the unit of data streaming and anti-entropy.
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.TokenRange")]
public readonly record struct TokenRange(
    [property: Id(0)] ulong StartExclusive,
    [property: Id(1)] ulong EndInclusive)
{
    /// <summary>Every token.</summary>
    public static TokenRange Full => new(0, 0);

    /// <summary>How many tokens the arc holds (2^64 for the whole ring).</summary>
    public UInt128 Length => StartExclusive == EndInclusive ? (UInt128)ulong.MaxValue + 1 : unchecked(EndInclusive - StartExclusive);

    public bool Contains(ulong token) =>
        StartExclusive < EndInclusive
            ? token > StartExclusive && token <= EndInclusive
            : token > StartExclusive || token <= EndInclusive;

    /// <summary>
    /// Which of <paramref name="parts"/> equal, consecutive sub-arcs (see <see cref="Split"/>)
    /// holds <paramref name="token"/>, which must lie in this arc.
    /// </summary>
    public int PartOf(ulong token, int parts)
    {
        // Position 1..Length of the token along the arc; part i holds positions (b(i), b(i+1)]
        // with b(i) = floor(i * Length / parts), so the part is ceil(position * parts / Length) - 1.
        var position = (UInt128)unchecked(token - StartExclusive);
        if (position == 0)
        {
            position = Length;
        }

        var scaled = position * (uint)parts;
        var part = scaled / Length + (scaled % Length == 0 ? 0u : 1u) - 1;
        return (int)part;
    }

    /// <summary>
    /// Cuts the arc into <paramref name="parts"/> consecutive sub-arcs of (nearly) equal width, in
    /// clockwise order. Needs at least as many tokens as parts, so no sub-arc is empty.
    /// </summary>
    public TokenRange[] Split(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (Length < (uint)parts)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), $"An arc of {Length} tokens cannot be cut into {parts} parts.");
        }

        var result = new TokenRange[parts];
        var start = StartExclusive;
        for (var i = 0; i < parts; i++)
        {
            var offset = (ulong)((UInt128)(i + 1) * Length / (uint)parts);
            var end = unchecked(StartExclusive + offset);
            result[i] = new TokenRange(start, end);
            start = end;
        }

        return result;
    }

    public override string ToString() => $"({StartExclusive:x16}, {EndInclusive:x16}]";
}
