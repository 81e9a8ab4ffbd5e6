namespace OrleansKv.Consistency;

/// <summary>Parsing, naming and replica arithmetic for <see cref="ConsistencyLevel"/>.</summary>
public static class ConsistencyLevels
{
    /// <summary>The names accepted on the wire, in the order users read them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["one", "quorum", "all", "serial"];

    /// <summary>Parses "one", "quorum", "all" or "serial", ignoring case and surrounding white space.</summary>
    public static bool TryParse(string? text, out ConsistencyLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "one": level = ConsistencyLevel.One; return true;
            case "quorum": level = ConsistencyLevel.Quorum; return true;
            case "all": level = ConsistencyLevel.All; return true;
            case "serial": level = ConsistencyLevel.Serial; return true;
            default: level = default; return false;
        }
    }

    /// <summary>The lower-case wire name of a level.</summary>
    public static string ToWireName(this ConsistencyLevel level) => level switch
    {
        ConsistencyLevel.One => "one",
        ConsistencyLevel.Quorum => "quorum",
        ConsistencyLevel.All => "all",
        ConsistencyLevel.Serial => "serial",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown consistency level."),
    };

    /// <summary>Replicas that must acknowledge out of <paramref name="replicas"/> (the preference list length).</summary>
    public static int RequiredReplicas(this ConsistencyLevel level, int replicas) => level switch
    {
        ConsistencyLevel.One => Math.Min(1, replicas),
        ConsistencyLevel.Quorum or ConsistencyLevel.Serial => replicas / 2 + 1,
        ConsistencyLevel.All => replicas,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown consistency level."),
    };
}
