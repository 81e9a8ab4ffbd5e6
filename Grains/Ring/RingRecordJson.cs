using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// How a ring store keeps the record: JSON, states by name. Persisted: add fields, never rename
/// or remove them.
/// </summary>
public static class RingRecordJson
{
    public static string Serialize(RingRecord record) => JsonSerializer.Serialize(record, RingRecordJsonContext.Default.RingRecord);

    public static RingRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, RingRecordJsonContext.Default.RingRecord)
        ?? throw new InvalidDataException("The stored ring record is empty.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RingRecord))]
internal sealed partial class RingRecordJsonContext : JsonSerializerContext;
