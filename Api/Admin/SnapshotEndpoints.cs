using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Grains.Snapshots;
using OrleansKv.Grains.Storage.Snapshots;
using OrleansKv.Snapshots;

namespace OrleansKv.Api.Admin;

/// <summary>
/// Cluster-wide snapshots (<see cref="SnapshotCoordinator"/>): <c>POST /admin/snapshots</c>
/// (body optional, <c>{"name": "..."}</c>) asks every up node for a RocksDB checkpoint and answers
/// 202 with the id; <c>GET /admin/snapshots</c> lists them with each node's part;
/// <c>DELETE /admin/snapshots/{id}</c> removes one from every up node. Restore is offline:
/// <c>OrleansKv.Silo restore</c>.
/// </summary>
public static class SnapshotEndpoints
{
    /// <summary>How each node's part reads when the node holds none (it was down when the snapshot was taken, or is now).</summary>
    public const string Missing = "missing";

    private const int MaxBodyBytes = 4096;

    public static RouteGroupBuilder MapSnapshotEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/snapshots", StartAsync).WithSummary("Snapshot every node (RocksDB checkpoints under one id); body optional: {\"name\": \"...\"}");
        admin.MapGet("/snapshots", ListAsync).WithSummary("Every snapshot with each node's part: running, done, failed or missing");
        admin.MapDelete("/snapshots/{id}", DeleteAsync).WithSummary("Delete a snapshot from every up node");
        return admin;
    }

    private static async Task<IResult> StartAsync(HttpContext context, SnapshotCoordinator snapshots)
    {
        var (name, error) = await NameOfAsync(context.Request);
        if (error is not null)
        {
            return ApiErrors.BadRequest(error);
        }

        SnapshotRequest request;
        try
        {
            request = await snapshots.StartAsync(name);
        }
        catch (InvalidOperationException ex)
        {
            return ApiErrors.Conflict(ex.Message);
        }

        return TypedResults.Json(
            new SnapshotStartedResponse(request.Id, request.Name, request.Epoch, request.Missing),
            ApiJsonContext.Api.SnapshotStartedResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(SnapshotCoordinator snapshots)
    {
        var listed = await snapshots.ListAsync();
        var response = listed.Select(s => new SnapshotResponse(
            s.Request.Id, s.Request.Name, s.Request.CreatedAt, s.Request.Epoch,
            s.Nodes.Select(n => new SnapshotNodeResponse(
                n.NodeId, n.State is { } state ? SnapshotManifestCodec.StateName(state) : Missing, n.Bytes, n.Error)).ToArray())).ToArray();
        return TypedResults.Json(new SnapshotsResponse(response), ApiJsonContext.Api.SnapshotsResponse);
    }

    private static async Task<IResult> DeleteAsync(string id, SnapshotCoordinator snapshots)
    {
        if (!SnapshotIds.IsValid(id))
        {
            return ApiErrors.BadRequest($"'{id}' is not a snapshot id (they look like 20261210T153012Z-a1b2c3; GET /admin/snapshots lists them).");
        }

        var deletion = await snapshots.DeleteAsync(id);
        if (deletion.DeletedOn.Length == 0)
        {
            var down = deletion.NotReached.Length == 0 ? "" : $" ({string.Join(", ", deletion.NotReached)} could not be asked)";
            return ApiErrors.NotFound($"No node holds snapshot {id}{down}.");
        }

        return TypedResults.Json(new SnapshotDeletedResponse(id, deletion.DeletedOn, deletion.NotReached), ApiJsonContext.Api.SnapshotDeletedResponse);
    }

    /// <summary>The optional name in the body, or why the body is refused.</summary>
    private static async Task<(string? Name, string? Error)> NameOfAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxBodyBytes)
        {
            return (null, $"The body of a snapshot request is at most {MaxBodyBytes} bytes.");
        }

        if (buffer.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object like {\"name\": \"before-upgrade\"}, or empty.");
            }

            if (!root.TryGetProperty("name", out var name) || name.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            if (name.ValueKind != JsonValueKind.String)
            {
                return (null, "\"name\" must be a string.");
            }

            var text = name.GetString();
            return SnapshotIds.NameError(text) is { } error ? (null, error) : (text, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid JSON: {ex.Message}");
        }
    }
}
