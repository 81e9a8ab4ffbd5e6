using Microsoft.AspNetCore.Http;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Client;
using OrleansKv.Cluster;
using OrleansKv.Grains.Coordination;

namespace OrleansKv.Api.Admin;

/// <summary>
/// <c>GET /admin/replicas/{key}?values=true</c>: each replica's own version and value, stale
/// copies marked. Read only: nothing is repaired, so an operator sees the divergence as it is.
/// </summary>
public static class ReplicaValuesView
{
    /// <summary>The view when the request asks for values; null when it does not (the plain view answers).</summary>
    public static async Task<IResult?> TryRespondAsync(HttpRequest request, ReplicaInspector inspector, string key)
    {
        var text = request.Query["values"].FirstOrDefault();
        if (text is null || text is "0" || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (text is not "1" && text.Length > 0 && !string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.BadRequest($"values must be true or false, not '{text}'.");
        }

        var inspection = await inspector.InspectAsync(key);
        var replicas = inspection.Replicas.Select((r, i) => new ReplicaValueResponse(
                i + 1,
                r.NodeId,
                r.State == ReplicaCopyState.Down ? "down" : "up",
                r.State.ToString().ToLowerInvariant(),
                r.State == ReplicaCopyState.Stale,
                r.Value?.Version.ToString(),
                r.Value?.Value is { } bytes ? StoredJson.ToJson(bytes) : null,
                r.Value is { IsTombstone: true },
                r.Error))
            .ToArray();
        return TypedResults.Json(
            new ReplicaValuesResponse(
                inspection.Key, inspection.Token.ToString("x16"), inspection.Newest?.ToString(), replicas,
                replicas.Count(r => r.Status == "up"), replicas.Count(r => r.Stale)),
            InspectionJsonContext.Api.ReplicaValuesResponse);
    }
}
