using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKv.Api.Admin;

// Responses of the operator views added for the web console; snake_case like the rest of the API.

/// <summary>One replica's copy of a key, as <c>GET /admin/replicas/{key}?values=true</c> shows it.</summary>
public sealed record ReplicaValueResponse(
    int Position, string NodeId, string Status, string State, bool Stale, string? Version, JsonElement? Value, bool Deleted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

public sealed record ReplicaValuesResponse(
    string Key, string Token, string? NewestVersion, ReplicaValueResponse[] Replicas, int UpReplicas, int StaleReplicas);

/// <summary>Key requests one node has coordinated since it started; rates are the difference of two samples.</summary>
public sealed record NodeRequestCountResponse(
    string NodeId, string Status, long? RequestsTotal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

public sealed record RequestCountsResponse(long SampledAtUnixMs, NodeRequestCountResponse[] Nodes);

/// <summary>A node's lifecycle state in membership: joining, up, leaving or down.</summary>
public sealed record NodeLifecycleResponse(string NodeId, string State, string Address);

public sealed record MembershipResponse(long Version, NodeLifecycleResponse[] Nodes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReplicaValuesResponse))]
[JsonSerializable(typeof(RequestCountsResponse))]
[JsonSerializable(typeof(MembershipResponse))]
public sealed partial class InspectionJsonContext : JsonSerializerContext
{
    /// <summary>Writes text as is (values are shown to people); the bodies are JSON, never HTML.</summary>
    public static InspectionJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
