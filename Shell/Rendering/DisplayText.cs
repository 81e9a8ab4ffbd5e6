using System.Globalization;
using System.Text;
using OrleansKv.Client;
using OrleansKv.Jobs;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Shell.Rendering;

/// <summary>Text forms of values, versions and durations shared by every view.</summary>
public static class DisplayText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A value as its JSON text (every entry point stores JSON: a string shows quoted, an object
    /// as an object); bytes that are not JSON as a quoted string when they are printable UTF-8,
    /// otherwise as hex with their length.
    /// </summary>
    public static string Value(byte[] value)
    {
        if (StoredJson.ToJsonText(value) is { } json)
        {
            return json;
        }

        try
        {
            var text = StrictUtf8.GetString(value);
            if (!text.Any(char.IsControl))
            {
                return $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
            }
        }
        catch (DecoderFallbackException)
        {
            // Not text: shown as bytes below.
        }

        const int shown = 32;
        var hex = Convert.ToHexString(value, 0, Math.Min(value.Length, shown)).ToLowerInvariant();
        return $"0x{hex}{(value.Length > shown ? "..." : "")} ({value.Length} bytes)";
    }

    /// <summary>"timestamp@node (wall clock UTC)": the canonical version and when it was stamped.</summary>
    public static string Version(ValueVersion version) =>
        $"{version} ({version.WallClock.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}Z" +
        (version.Logical == 0 ? ")" : $" +{version.Logical})");

    /// <summary>"2026-11-25 13:40:00Z (in 59 s)": when a value expires, relative to <paramref name="now"/>.</summary>
    public static string Expiry(DateTimeOffset expiresAt, DateTimeOffset now) =>
        $"{expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z (in {Duration(Max(expiresAt - now, TimeSpan.Zero))})";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public static string Duration(TimeSpan elapsed) => elapsed.TotalMilliseconds < 1000
        ? elapsed.TotalMilliseconds.ToString("0.0 'ms'", CultureInfo.InvariantCulture)
        : elapsed.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture);

    public static string Share(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    public static string Nodes(IEnumerable<string> nodes)
    {
        var list = string.Join(", ", nodes);
        return list.Length == 0 ? "none" : list;
    }

    /// <summary>
    /// An Orleans silo address ("S127.0.0.1:11111:154585909", its parsable form) as the endpoint
    /// a user recognises ("127.0.0.1:11111"); other text is kept as it is.
    /// </summary>
    public static string SiloAddress(string address)
    {
        if (!address.StartsWith('S'))
        {
            return address;
        }

        var generation = address.LastIndexOf(':');
        return generation > 1 && long.TryParse(address.AsSpan(generation + 1), out _) ? address[1..generation] : address;
    }

    /// <summary>
    /// "decommission of node4: streaming, 3/12 ranges, 1500 keys, 150000 bytes, 300 keys/s, 30000 bytes/s":
    /// a ring change's progress, as the progress lines and <c>status</c> show it.
    /// </summary>
    public static string Streaming(JobProgress s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.KindName} of {s.NodeId}: {s.PhaseName}, {s.RangesDone}/{s.RangesTotal} ranges, {s.KeysReceived} keys, {s.BytesReceived} bytes, " +
        $"{s.KeysPerSecond:0.#} keys/s, {s.BytesPerSecond:0} bytes/s{(s.Error is null ? "" : $" (retrying after: {s.Error})")}");

    /// <summary>A ring change's progress, coloured by its phase.</summary>
    public static Cell StreamingCell(JobProgress s) => new(
        Streaming(s),
        s.Phase switch
        {
            JobPhase.Failed => Tone.Bad,
            JobPhase.Done when s.Error is null => Tone.Good,
            _ => Tone.Warning,
        });

    public static Cell UpDown(bool isUp) => isUp ? new Cell("up", Tone.Good) : new Cell("down", Tone.Bad);
}
