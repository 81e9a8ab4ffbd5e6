using System.Globalization;

namespace OrleansKv.Api.Keys;

/// <summary>A PUT's time to live, from <c>"ttl_seconds"</c> in the body or <c>?ttl=</c> on the query (seconds, may be fractional).</summary>
public static class TimeToLive
{
    /// <summary>Ten years: beyond that a TTL is a typo, and the expiry instant must fit a DateTimeOffset.</summary>
    public const double MaxSeconds = 10 * 365.25 * 24 * 3600;

    public static bool IsValidSeconds(double seconds) => double.IsFinite(seconds) && seconds > 0 && seconds <= MaxSeconds;

    /// <summary>Parses <c>?ttl=</c>: true with null when absent, false when present but not a valid number of seconds.</summary>
    public static bool TryParseQuery(string? text, out TimeSpan? ttl)
    {
        ttl = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !IsValidSeconds(seconds))
        {
            return false;
        }

        ttl = TimeSpan.FromSeconds(seconds);
        return true;
    }

    public static string InvalidQueryMessage(string? text) =>
        $"Invalid ttl '{text}': give a positive number of seconds (at most {MaxSeconds}).";
}
