using System.Text.Json;
using OrleansKv.Snapshots;

namespace OrleansKv.Grains.Storage.Snapshots;

/// <summary>
/// The on-disk form of one node's part of a snapshot (<c>manifest.json</c> beside its
/// checkpoint): what a restore reads to check the snapshot and the ring, and what a listing
/// reads after the node restarted. On-disk format: fields are only ever added; "format" changes
/// when a reader of an older version could misread a file; state names never change.
/// </summary>
public static class SnapshotManifestCodec
{
    /// <summary>The format this code writes and the newest it reads.</summary>
    public const int Format = 1;

    public static byte[] Encode(NodeSnapshot snapshot)
    {
        var request = snapshot.Request;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("id", request.Id);
            if (request.Name is { } name)
            {
                json.WriteString("name", name);
            }

            json.WriteString("created_at", request.CreatedAt);
            json.WriteNumber("epoch", request.Epoch);
            json.WriteString("node_id", snapshot.NodeId);
            json.WriteString("state", StateName(snapshot.State));
            json.WriteNumber("bytes", snapshot.Bytes);
            if (snapshot.Error is { } error)
            {
                json.WriteString("error", error);
            }

            WriteArray(json, "nodes", request.Nodes);
            WriteArray(json, "missing", request.Missing);
            json.WriteString("ring", request.RingJson);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a manifest; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static NodeSnapshot Decode(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The snapshot manifest is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The snapshot manifest is not a JSON object.");
            }

            var format = Required(root, "format", JsonValueKind.Number).GetInt32();
            if (format is < 1 or > Format)
            {
                throw new FormatException($"The snapshot manifest has format {format}; this version reads up to {Format}.");
            }

            var id = Required(root, "id", JsonValueKind.String).GetString()!;
            if (!SnapshotIds.IsValid(id))
            {
                throw new FormatException($"The snapshot manifest's id '{id}' is not a snapshot id.");
            }

            var request = new SnapshotRequest(
                id,
                root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
                Required(root, "created_at", JsonValueKind.String).GetDateTimeOffset(),
                Required(root, "epoch", JsonValueKind.Number).GetInt64(),
                Required(root, "ring", JsonValueKind.String).GetString()!,
                Strings(Required(root, "nodes", JsonValueKind.Array)),
                Strings(Required(root, "missing", JsonValueKind.Array)));
            return new NodeSnapshot(
                request,
                Required(root, "node_id", JsonValueKind.String).GetString()!,
                ParseState(Required(root, "state", JsonValueKind.String).GetString()!),
                Required(root, "bytes", JsonValueKind.Number).GetInt64(),
                root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null);
        }
    }

    /// <summary>How a state reads in manifests and in the HTTP API: "running", "done", "failed".</summary>
    public static string StateName(SnapshotState state) => state switch
    {
        SnapshotState.Running => "running",
        SnapshotState.Done => "done",
        _ => "failed",
    };

    private static SnapshotState ParseState(string name) => name switch
    {
        "running" => SnapshotState.Running,
        "done" => SnapshotState.Done,
        "failed" => SnapshotState.Failed,
        _ => throw new FormatException($"The snapshot manifest's state '{name}' is not running, done or failed."),
    };

    private static JsonElement Required(JsonElement root, string property, JsonValueKind kind)
    {
        if (!root.TryGetProperty(property, out var value) || value.ValueKind != kind)
        {
            throw new FormatException($"The snapshot manifest lacks \"{property}\" (a JSON {kind.ToString().ToLowerInvariant()}).");
        }

        return value;
    }

    private static string[] Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new FormatException("The snapshot manifest's node lists must hold strings.")).ToArray();

    private static void WriteArray(Utf8JsonWriter json, string property, string[] values)
    {
        json.WriteStartArray(property);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
