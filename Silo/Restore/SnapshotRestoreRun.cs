using OrleansKv.Cluster;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage.Snapshots;
using OrleansKv.Ring;
using OrleansKv.Silo.Membership;
using OrleansKv.Snapshots;

namespace OrleansKv.Silo.Restore;

/// <summary>
/// The <c>restore</c> command: puts stopped nodes' data back as it was in a snapshot. Everything
/// is checked before anything changes: the snapshot exists and is done on every node to restore,
/// no such node is running (RocksDB's LOCK), and the cluster's ring record is the one the snapshot
/// was taken under (<see cref="RingSameness"/>). A snapshot is restored only into the ring it was
/// taken in; another ring is refused, never streamed through the write path.
/// </summary>
public static class SnapshotRestoreRun
{
    /// <param name="dataDirectory">The cluster's data directory (nodes in DIR/nodeK, membership in DIR/membership.db).</param>
    /// <param name="snapshotId">The snapshot to restore.</param>
    /// <param name="nodeId">The one node to restore, or null for every node the snapshot holds (<c>--cluster</c>).</param>
    /// <param name="postgres">Where membership and the ring record live when not in DIR/membership.db.</param>
    /// <returns>0 when restored; 1 when refused, with why on <paramref name="error"/>.</returns>
    public static async Task<int> RunAsync(
        string dataDirectory, string snapshotId, string? nodeId, string? postgres, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            if (!SnapshotIds.IsValid(snapshotId))
            {
                throw new SnapshotRestoreException($"'{snapshotId}' is not a snapshot id (they look like 20261210T153012Z-a1b2c3; GET /admin/snapshots lists them).");
            }

            var request = FindRequest(dataDirectory, snapshotId);
            var nodes = nodeId is null ? request.Nodes : [nodeId];
            if (nodeId is not null && !request.Nodes.Contains(nodeId))
            {
                throw new SnapshotRestoreException($"Snapshot {snapshotId} was taken of {string.Join(", ", request.Nodes)}, not of {nodeId}.");
            }

            var checkedParts = nodes.Select(n => SnapshotRestore.Check(Path.Combine(dataDirectory, n), n, snapshotId)).ToArray();
            var ring = await CurrentRingAsync(dataDirectory, postgres, cancellation);
            if (RingSameness.Difference(RingRecordJson.Deserialize(request.RingJson), ring) is { } difference)
            {
                throw new SnapshotRestoreException(
                    $"Snapshot {snapshotId} was taken under another ring: {difference}. A snapshot can only be restored into the ring it was taken in.");
            }

            foreach (var node in nodes)
            {
                SnapshotRestore.EnsureStopped(Path.Combine(dataDirectory, node), node);
            }

            foreach (var part in checkedParts)
            {
                SnapshotRestore.Restore(Path.Combine(dataDirectory, part.NodeId), snapshotId);
                await output.WriteLineAsync($"Restored {part.NodeId} from snapshot {snapshotId} (ring epoch {request.Epoch}, taken {request.CreatedAt:u}).");
            }

            await output.WriteLineAsync(nodeId is null
                ? "Start the nodes, then run a repair (POST /admin/repair on each node) so replicas agree on writes that were in flight during the snapshot."
                : $"Start {nodeId}, then run a repair of it (POST /admin/repair?node={nodeId}): it takes back from its peers what was written since the snapshot.");
            return 0;
        }
        catch (SnapshotRestoreException ex)
        {
            await error.WriteLineAsync($"restore: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The snapshot as any node under the data directory recorded it.</summary>
    private static SnapshotRequest FindRequest(string dataDirectory, string snapshotId)
    {
        IEnumerable<string> holders = Directory.Exists(dataDirectory) ? Directory.EnumerateDirectories(dataDirectory, "node*").Order(StringComparer.Ordinal) : [];
        foreach (var nodeDirectory in holders)
        {
            try
            {
                if (new SnapshotFolder(nodeDirectory).Read(snapshotId) is { } part)
                {
                    return part.Request;
                }
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                // Another node's manifest may be readable; Check reports this node's.
            }
        }

        throw new SnapshotRestoreException($"Unknown snapshot {snapshotId}: no node under {dataDirectory} holds it (GET /admin/snapshots lists them).");
    }

    private static async Task<RingRecord> CurrentRingAsync(string dataDirectory, string? postgres, CancellationToken cancellation)
    {
        if (postgres is not null)
        {
            return await PostgresMembershipSchema.RingStore(postgres, ClusterIdentity.ClusterId).ReadAsync(cancellation);
        }

        // Never create the file: a missing one means there is no ring to restore into.
        if (!File.Exists(LocalClusterDirectory.MembershipFile(dataDirectory)))
        {
            throw new SnapshotRestoreException($"There is no cluster at {dataDirectory} ({SqliteMembershipStore.FileName} is missing), so no ring to restore into.");
        }

        return await SqliteMembershipStore.RingStore(SqliteMembershipStore.ConnectionString(dataDirectory), ClusterIdentity.ClusterId).ReadAsync(cancellation);
    }
}
