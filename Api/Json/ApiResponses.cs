using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKv.Api.Json;

// Field names are those of the original Python API (snake_case), so its clients keep working.

public sealed record PutResponse(
    string Key, JsonElement Value, string ConsistencyLevel, int SuccessfulReplicas, int AttemptedReplicas,
    int TotalPossibleReplicas, string CoordinatedBy, string[]? Errors, string Version, string[] AcknowledgedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt);

public sealed record GetResponse(
    string Key, JsonElement Value, string ConsistencyLevel, string QueriedNode, string? Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceNode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? SourceNodes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt);

public sealed record DeleteResponse(
    string Message, string Key, string ConsistencyLevel, int SuccessfulReplicas, int AttemptedReplicas,
    int TotalPossibleReplicas, string CoordinatedBy, string[]? Errors, string Version);

public sealed record ErrorResponse(string Error);

public sealed record NotFoundResponse(string Error, string Key, string ConsistencyLevel, string QueriedNode, string? Version);

public sealed record ConditionFailedResponse(
    string Error, string Key, bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version);

public sealed record ConsistencyErrorResponse(
    string Error, string Key, string ConsistencyLevel, int RequiredReplicas, int SuccessfulReplicas,
    int AttemptedReplicas, int TotalPossibleReplicas, string[] Errors, bool MayHaveBeenApplied);

public sealed record StatusResponse(
    string NodeId, string Address, long LocalKeys, long Tombstones, string[] ClusterNodes, string[] UpNodes,
    string[] AllKeysSample, string[] HashRingNodes, int ReplicationFactor, int VirtualNodesPerNode, int Pid,
    string Status, double UptimeSeconds, string? HttpUrl, int? GatewayPort, string DataDirectory,
    long HintsPending, Dictionary<string, long> HintsPendingByNode, long HintsDelivered, long HintsDropped,
    long ReadRepairs, long TombstonesPurged, bool RepairRequired, long RingEpoch, string? RingState, StreamingResponse? Streaming,
    bool LocalKeysExact, string ClockState, Dictionary<string, ClockOffsetResponse> ClockOffsetsMs, string? ClockReason, long SnapshotBytes);

/// <summary>A peer's clock minus this node's, and the bound on its error, in milliseconds.</summary>
public sealed record ClockOffsetResponse(double Offset, double Error);

/// <summary>A ring change's streaming progress; rates are averages since it started.</summary>
public sealed record StreamingResponse(
    long Epoch, string Change, string NodeId, string Phase, int RangesDone, int RangesTotal, long Keys, long Bytes,
    double KeysPerSecond, double BytesPerSecond, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

public sealed record RepairResponse(
    string NodeId, string State, int RangesTotal, int RangesDone, long KeysExchanged, long KeysSent, long KeysReceived,
    long BytesSent, long BytesReceived, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

public sealed record NodeResponse(
    string NodeId, string Status, string State, string? Address, string? HttpUrl, int? GatewayPort, long? LocalKeys, string? Error, string? ClockState = null);

public sealed record NodesResponse(NodeResponse[] Nodes);

public sealed record SnapshotStartedResponse(
    string Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name, long Epoch, string[] Missing);

/// <summary>One node's part of a snapshot: running, done, failed, or missing (the node holds none).</summary>
public sealed record SnapshotNodeResponse(
    string NodeId, string State, long Bytes, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

public sealed record SnapshotResponse(
    string Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name, DateTimeOffset CreatedAt, long Epoch, SnapshotNodeResponse[] Nodes);

public sealed record SnapshotsResponse(SnapshotResponse[] Snapshots);

public sealed record SnapshotDeletedResponse(string Id, string[] DeletedOn, string[] NotReached);

public sealed record RingNodeResponse(string NodeId, string Status, string State, int Tokens, double Share, string[] TokenValues);

public sealed record RingResponse(long Epoch, bool ChangeInProgress, int ReplicationFactor, int VirtualNodesPerNode, RingNodeResponse[] Nodes);

public sealed record ReplicaResponse(int Position, string NodeId, string Status);

public sealed record ReplicasResponse(string Key, string Token, ReplicaResponse[] Replicas, int UpReplicas);

/// <param name="Reason">Why the node is not ready; left out when it is.</param>
public sealed record HealthResponse(string Status, string NodeId, int Pid, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);

/// <summary>A page of keys; <c>next_cursor</c> is left out on the last page.</summary>
public sealed record KeyListResponse(string[] Keys, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);

/// <summary>A page of keys with their values (<c>?values=true</c>).</summary>
public sealed record KeyValueListResponse(ListedKeyResponse[] Keys, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);

public sealed record ListedKeyResponse(
    string Key, JsonElement Value, string Version, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt);

/// <summary>An import that wrote every line.</summary>
public sealed record ImportResponse(long Written);

/// <summary>An import stopped at a bad line: the lines before it were written, none after it.</summary>
public sealed record ImportErrorResponse(string Error, long Line, long Written);

/// <summary>Source-generated JSON for every API type: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PutResponse))]
[JsonSerializable(typeof(KeyListResponse))]
[JsonSerializable(typeof(ImportResponse))]
[JsonSerializable(typeof(ImportErrorResponse))]
[JsonSerializable(typeof(KeyValueListResponse))]
[JsonSerializable(typeof(GetResponse))]
[JsonSerializable(typeof(DeleteResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(NotFoundResponse))]
[JsonSerializable(typeof(ConsistencyErrorResponse))]
[JsonSerializable(typeof(ConditionFailedResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(NodesResponse))]
[JsonSerializable(typeof(SnapshotStartedResponse))]
[JsonSerializable(typeof(SnapshotsResponse))]
[JsonSerializable(typeof(SnapshotDeletedResponse))]
[JsonSerializable(typeof(RingResponse))]
[JsonSerializable(typeof(ReplicasResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(RepairResponse))]
[JsonSerializable(typeof(StreamingResponse))]
[JsonSerializable(typeof(string))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context responses use: like <see cref="Default"/> but writes quotes and non-ASCII
    /// text as is, so error messages read naturally. Responses are JSON bodies, never HTML.
    /// </summary>
    public static ApiJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
