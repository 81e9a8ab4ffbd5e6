using System.Globalization;
using System.Text.Json;

namespace OrleansKv.Shell.Commands;

/// <summary>
/// The options of <c>put</c>: <c>--json</c> (the value is JSON text) and <c>--ttl SECONDS</c>,
/// anywhere after the command word. A value that itself starts with "--" goes after <c>--</c>.
/// </summary>
public static class PutFlags
{
    /// <summary>Ten years, as the HTTP API allows.</summary>
    private const double MaxTtlSeconds = 10 * 365.25 * 24 * 3600;

    public static bool TryExtract(string[] words, out string[] rest, out bool isJson, out TimeSpan? ttl, out string? error)
    {
        var kept = new List<string>();
        isJson = false;
        ttl = null;
        error = null;
        rest = [];
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word == "--")
            {
                kept.AddRange(words.Skip(i + 1));
                break;
            }

            switch (word.ToLowerInvariant())
            {
                case "--json":
                    isJson = true;
                    break;
                case "--ttl":
                    if (i + 1 >= words.Length)
                    {
                        error = "--ttl needs a number of seconds";
                        return false;
                    }

                    var text = words[++i];
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxTtlSeconds)
                    {
                        error = $"--ttl '{text}' is not a positive number of seconds";
                        return false;
                    }

                    ttl = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    if (word.StartsWith("--", StringComparison.Ordinal))
                    {
                        error = $"unknown option '{word}' (put knows --json, --ttl, --if-version and --if-absent; put a value starting with -- after a lone --)";
                        return false;
                    }

                    kept.Add(word);
                    break;
            }
        }

        rest = [.. kept];
        return true;
    }

    /// <summary>True when <paramref name="text"/> is exactly one JSON document that can be stored; otherwise why not.</summary>
    public static bool IsJson(string text, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            // The parser accepts "\ud800" (a surrogate escaped without its pair); such a string is
            // not Unicode text and cannot be written as UTF-8: writing it is the check.
            using var writer = new Utf8JsonWriter(Stream.Null);
            document.RootElement.WriteTo(writer);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }
        catch (InvalidOperationException)
        {
            error = "it escapes a lone surrogate (\\uD800-\\uDFFF outside a pair), which is not Unicode text";
            return false;
        }
    }
}
