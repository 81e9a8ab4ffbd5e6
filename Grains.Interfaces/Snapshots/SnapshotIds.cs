using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansKv.Snapshots;

/// <summary>
/// Snapshot ids and names. An id names a folder on every node (<c>DIR/nodeK/snapshots/ID</c>), so
/// only ids made here are accepted: the UTC time it was asked for, to the second, and six random
/// hex digits (<c>20261210T153012Z-a1b2c3</c>), which sort by time and never hold a path character.
/// A name is the operator's label, never part of a path, but is held to the same spirit.
/// </summary>
public static partial class SnapshotIds
{
    /// <summary>The longest name accepted, in characters.</summary>
    public const int MaxNameLength = 100;

    /// <summary>A new id for a snapshot asked for at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now, Random? random = null)
    {
        var suffix = (random ?? Random.Shared).Next(1 << 24).ToString("x6", CultureInfo.InvariantCulture);
        return now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + suffix;
    }

    /// <summary>True when <paramref name="id"/> has the shape of an id made by <see cref="New"/>.</summary>
    public static bool IsValid(string? id) => id is not null && IdShape().IsMatch(id);

    /// <summary>Why <paramref name="name"/> cannot label a snapshot, or null when it can (null and empty mean no name).</summary>
    public static string? NameError(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name.Length > MaxNameLength)
        {
            return $"A snapshot name is at most {MaxNameLength} characters; this one has {name.Length}.";
        }

        if (name.Trim().Length == 0 || name is "." or "..")
        {
            return "A snapshot name must hold something other than spaces and dots.";
        }

        if (name.IndexOfAny(['/', '\\', ':']) >= 0 || name.Any(char.IsControl))
        {
            return "A snapshot name must not hold '/', '\\', ':' or control characters.";
        }

        return null;
    }

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
