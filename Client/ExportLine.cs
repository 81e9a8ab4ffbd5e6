using System.Buffers;
using System.Globalization;
using System.Text.Json;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Client;

/// <summary>
/// One key of an export as a line of JSON Lines, in the names GET uses:
/// <c>{"key": "...", "value": ..., "version": "TIMESTAMP@NODE", "expires_at": "..."}</c>
/// (<c>expires_at</c> only where set). Export writes this form and import reads it, over HTTP and
/// in the shell alike.
/// </summary>
public static class ExportLine
{
    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="output"/>, a line each, without I/O:
    /// the caller sends the buffer once per page.
    /// </summary>
    public static void WriteLines(IBufferWriter<byte> output, IEnumerable<ListedKey> entries)
    {
        // One writer for the page, reset after each line: every line is a top-level document.
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        foreach (var entry in entries)
        {
            Write(writer, entry);
            writer.Flush();
            writer.Reset(output);
            output.Write("\n"u8);
        }
    }

    private static void Write(Utf8JsonWriter writer, ListedKey entry)
    {
        writer.WriteStartObject();
        writer.WriteString("key", entry.Key);
        writer.WritePropertyName("value");
        writer.WriteRawValue(entry.Value, skipInputValidation: true);
        writer.WriteString("version", entry.Version.ToString());
        if (entry.ExpiresAt is { } expiresAt)
        {
            writer.WriteString("expires_at", expiresAt);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one line; false with the reason when it is not one key of an export.</summary>
    public static bool TryParse(string line, out ListedKey? entry, out string? error)
    {
        entry = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the line is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String || key.GetString() is not { Length: > 0 } name)
            {
                error = "\"key\" is missing or not a non-empty string";
                return false;
            }

            if (!root.TryGetProperty("value", out var value))
            {
                error = "\"value\" is missing";
                return false;
            }

            if (!root.TryGetProperty("version", out var versionText) || versionText.ValueKind != JsonValueKind.String
                || !TryParseVersion(versionText.GetString()!, out var version))
            {
                error = "\"version\" is missing or not TIMESTAMP@NODE as GET answers it";
                return false;
            }

            DateTimeOffset? expiresAt = null;
            if (root.TryGetProperty("expires_at", out var expiry) && expiry.ValueKind != JsonValueKind.Null)
            {
                if (expiry.ValueKind != JsonValueKind.String || !expiry.TryGetDateTimeOffset(out var at))
                {
                    error = "\"expires_at\" is not an ISO 8601 date";
                    return false;
                }

                expiresAt = at;
            }

            entry = new ListedKey(name, StoredJson.ToStored(value), version!, expiresAt);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"the line is not JSON ({e.Message})";
            return false;
        }
    }

    private static bool TryParseVersion(string text, out ValueVersion? version)
    {
        version = null;
        var at = text.IndexOf('@');
        if (at <= 0 || at == text.Length - 1 || !long.TryParse(text.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }

        version = new ValueVersion(timestamp, text[(at + 1)..]);
        return true;
    }
}
