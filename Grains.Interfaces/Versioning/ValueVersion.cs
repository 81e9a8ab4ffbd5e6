namespace OrleansKv.Versioning;

/// <summary>
/// The version of a stored value: a hybrid logical clock timestamp stamped by the coordinator
/// of the write, plus that coordinator's node id. Total order: timestamp first, then node id
/// (ordinal), so concurrent writes resolve the same way on every replica (last writer wins).
/// </summary>
/// <param name="Timestamp">HLC: upper 48 bits are Unix milliseconds, lower 16 bits a logical counter.</param>
/// <param name="NodeId">The node that coordinated the write.</param>
[GenerateSerializer, Immutable, Alias("kv.ValueVersion")]
public sealed record ValueVersion(
    [property: Id(0)] long Timestamp,
    [property: Id(1)] string NodeId) : IComparable<ValueVersion>
{
    /// <summary>Bits of the timestamp that hold the logical counter.</summary>
    public const int LogicalBits = 16;

    /// <summary>Wall-clock part of the timestamp.</summary>
    public DateTimeOffset WallClock => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp >> LogicalBits);

    /// <summary>Logical counter part of the timestamp.</summary>
    public int Logical => (int)(Timestamp & ((1L << LogicalBits) - 1));

    public int CompareTo(ValueVersion? other)
    {
        if (other is null) return 1;
        var byTime = Timestamp.CompareTo(other.Timestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(NodeId, other.NodeId);
    }

    /// <summary>True when this version wins over <paramref name="other"/> (null loses to anything).</summary>
    public bool IsNewerThan(ValueVersion? other) => CompareTo(other) > 0;

    /// <summary>A compact, sortable text form: "timestamp@node".</summary>
    public override string ToString() => $"{Timestamp}@{NodeId}";

    /// <summary>Parses the text form of <see cref="ToString"/> ("timestamp@node"); false for anything else.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ValueVersion? version)
    {
        version = null;
        var at = text?.IndexOf('@') ?? -1;
        if (at <= 0 || at == text!.Length - 1
            || !long.TryParse(text.AsSpan(0, at), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }

        version = new ValueVersion(timestamp, text[(at + 1)..]);
        return true;
    }
}
