using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Api.Keys;
using OrleansKv.Contracts;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Coordination;
using OrleansKv.Grains.NodeInfo;
using OrleansKv.Grains.Ring;
using OrleansKv.Time;

namespace OrleansKv.Api.Admin;

/// <summary>
/// Operator views: this node, every node, the ring, and where a key lives; repairs
/// (<see cref="RepairEndpoints"/>), snapshots (<see cref="SnapshotEndpoints"/>) and ring changes (<see cref="RingChangeEndpoints"/>).
/// </summary>
public static class AdminEndpoints
{
    private static readonly TimeSpan NodeQueryTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").WithTags("Admin");
        admin.MapGet("/status", StatusAsync).WithSummary("This node: id, address, keys, ring members, uptime");
        admin.MapGet("/nodes", NodesAsync).WithSummary("Every ring member: status, URLs, local keys");
        admin.MapGet("/ring", RingAsync).WithSummary("Each node's tokens and share of the ring");
        admin.MapGet("/replicas/{**key}", ReplicasAsync).WithSummary("A key's preference list and which replicas are up; ?values=true adds each replica's version and value");
        admin.MapRepairEndpoints();
        admin.MapExportImportEndpoints();
        admin.MapSnapshotEndpoints();
        admin.MapRingChangeEndpoints();
        return routes;
    }

    private static async Task<IResult> StatusAsync(
        IGrainFactory grains, ILocalSiloDetails node, ClusterView cluster, NodeStartTime started, TimeProvider time)
    {
        var stats = await grains.GetGrain<INodeInfoGrain>(node.Name).GetStatsAsync(20);
        var state = cluster.Current;
        var streaming = await StreamingView.CurrentAsync(grains, state, node.Name);
        var ringState = state.Topology.StateOf(node.Name) is { } own ? RingChanges.Name(own) : null;
        var members = state.Ring.Nodes.ToArray();
        var convergence = stats.Convergence;
        return TypedResults.Json(
            new StatusResponse(
                node.Name, node.SiloAddress.ToString(), stats.LiveKeys, stats.Tombstones, members,
                members.Where(state.IsUp).ToArray(), stats.SampleKeys, members, cluster.ReplicationFactor,
                state.Ring.VirtualNodes, stats.ProcessId, state.IsUp(node.Name) ? "active" : "not active",
                Math.Round((time.GetUtcNow() - started.Value).TotalSeconds, 1), stats.HttpUrl, stats.GatewayPort, stats.DataDirectory,
                convergence.HintsPending, convergence.HintsPendingByNode.ToDictionary(h => h.NodeId, h => h.Count),
                convergence.HintsDelivered, convergence.HintsDropped, convergence.ReadRepairs, convergence.TombstonesPurged,
                convergence.RepairRequired, state.Topology.Epoch, ringState, streaming, stats.KeysCounted,
                ClockStateName(stats.Clock), ClockOffsets(stats.Clock), stats.Clock?.Reason, stats.SnapshotBytes),
            ApiJsonContext.Api.StatusResponse);
    }

    private static async Task<IResult> NodesAsync(IGrainFactory grains, ClusterView cluster)
    {
        var state = cluster.Current;
        var nodes = await Task.WhenAll(state.Topology.Members.Select(async member =>
        {
            var nodeId = member.NodeId;
            var ringState = RingChanges.Name(member.State);
            if (!state.IsUp(nodeId))
            {
                return new NodeResponse(nodeId, "down", ringState, null, null, null, null, null);
            }

            try
            {
                var stats = await grains.GetGrain<INodeInfoGrain>(nodeId).GetStatsAsync(0).AsTask().WaitAsync(NodeQueryTimeout);
                return new NodeResponse(nodeId, "up", ringState, stats.SiloAddress, stats.HttpUrl, stats.GatewayPort, stats.LiveKeys, null, ClockStateName(stats.Clock));
            }
            catch (Exception ex)
            {
                return new NodeResponse(nodeId, "unreachable", ringState, state.AddressOf(nodeId)?.ToString(), null, null, null, ex.Message);
            }
        }));
        return TypedResults.Json(new NodesResponse(nodes), ApiJsonContext.Api.NodesResponse);
    }

    /// <summary>"ok", "suspect" or "fenced"; "unknown" from a node that does not report it.</summary>
    private static string ClockStateName(ClockStatus? clock) => clock?.State.ToString().ToLowerInvariant() ?? "unknown";

    private static Dictionary<string, ClockOffsetResponse> ClockOffsets(ClockStatus? clock) =>
        (clock?.Offsets ?? []).ToDictionary(o => o.NodeId, o => new ClockOffsetResponse(Math.Round(o.OffsetMs, 3), Math.Round(o.ErrorMs, 3)));

    // Ring and replica views are the same answers Orleans clients get.
    private static async Task<IResult> RingAsync(RingViews views)
    {
        var ring = await views.GetRingAsync();
        var nodes = ring.Nodes
            .Select(n => new RingNodeResponse(
                n.NodeId, n.IsUp ? "up" : "down", n.State, n.Tokens, Math.Round(n.Share, 6), n.TokenValues.Select(t => t.ToString("x16")).ToArray()))
            .ToArray();
        return TypedResults.Json(new RingResponse(ring.Epoch, ring.ChangeInProgress, ring.ReplicationFactor, ring.VirtualNodesPerNode, nodes), ApiJsonContext.Api.RingResponse);
    }

    private static async Task<IResult> ReplicasAsync(HttpContext context, RingViews views, ReplicaInspector inspector)
    {
        var key = KeyPath.KeyOf(context, "/admin/replicas/");
        if (await ReplicaValuesView.TryRespondAsync(context.Request, inspector, key) is { } withValues)
        {
            return withValues;
        }

        var placement = await views.GetReplicasAsync(key);
        var replicas = placement.Replicas
            .Select((r, i) => new ReplicaResponse(i + 1, r.NodeId, r.IsUp ? "up" : "down"))
            .ToArray();
        return TypedResults.Json(
            new ReplicasResponse(placement.Key, placement.Token.ToString("x16"), replicas, replicas.Count(r => r.Status == "up")),
            ApiJsonContext.Api.ReplicasResponse);
    }
}
