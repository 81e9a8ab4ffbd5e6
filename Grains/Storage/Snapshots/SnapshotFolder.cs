using OrleansKv.Snapshots;

namespace OrleansKv.Grains.Storage.Snapshots;

/// <summary>
/// Where a node keeps its snapshots: <c>DIR/snapshots/ID/</c> beside the live database
/// <c>DIR/kv</c>, each holding <c>manifest.json</c> (<see cref="SnapshotManifestCodec"/>) and the
/// checkpoint <c>kv/</c>, an openable RocksDB directory. A manifest is replaced by rename, so it
/// is never seen half written. Not thread-safe for one id; the node's snapshot service serializes.
/// </summary>
/// <param name="nodeDataDirectory">The node's data directory (DIR/nodeK of a local cluster).</param>
public sealed class SnapshotFolder(string nodeDataDirectory)
{
    private const string ManifestFile = "manifest.json";

    /// <summary>The folder that holds every snapshot of the node.</summary>
    public string Root { get; } = Path.Combine(Path.GetFullPath(nodeDataDirectory), "snapshots");

    /// <summary>The node's live database directory.</summary>
    public string LiveDatabase { get; } = Path.Combine(Path.GetFullPath(nodeDataDirectory), "kv");

    public string PathOf(string id) => Path.Combine(Root, Checked(id));

    /// <summary>Where snapshot <paramref name="id"/>'s checkpoint (an openable database) lives.</summary>
    public string CheckpointOf(string id) => Path.Combine(PathOf(id), "kv");

    /// <summary>Writes (or replaces) the manifest of <paramref name="snapshot"/>, creating its folder.</summary>
    public void WriteManifest(NodeSnapshot snapshot)
    {
        var folder = PathOf(snapshot.Request.Id);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, ManifestFile);
        var temporary = target + ".tmp";
        File.WriteAllBytes(temporary, SnapshotManifestCodec.Encode(snapshot));
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>The node's part of snapshot <paramref name="id"/>, or null when it holds none.</summary>
    public NodeSnapshot? Read(string id)
    {
        var manifest = Path.Combine(PathOf(id), ManifestFile);
        return File.Exists(manifest) ? SnapshotManifestCodec.Decode(File.ReadAllBytes(manifest)) : null;
    }

    /// <summary>
    /// Every snapshot the node holds, oldest first; a folder whose manifest cannot be read is listed
    /// as failed, with why, so an operator sees it and can delete it.
    /// </summary>
    public IReadOnlyList<NodeSnapshot> ReadAll(string nodeId)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var snapshots = new List<NodeSnapshot>();
        foreach (var folder in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(folder);
            if (!SnapshotIds.IsValid(id))
            {
                continue;
            }

            try
            {
                snapshots.Add(Read(id) ?? Unreadable(id, nodeId, "it has no manifest"));
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                snapshots.Add(Unreadable(id, nodeId, ex.Message));
            }
        }

        return snapshots;
    }

    /// <summary>Removes snapshot <paramref name="id"/>'s folder; false when there was none.</summary>
    public bool Delete(string id)
    {
        var folder = PathOf(id);
        if (!Directory.Exists(folder))
        {
            return false;
        }

        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <summary>Size of snapshot <paramref name="id"/>'s checkpoint files, shared or not.</summary>
    public long CheckpointBytes(string id) => FilesOf(CheckpointOf(id)).Sum(f => f.Length);

    /// <summary>
    /// Disk space the snapshots hold beyond the live database: each table file once (snapshots and
    /// the live database hard-link the same files, and RocksDB never reuses a table file's number),
    /// none that the live database still links, plus every other file (logs, manifests).
    /// </summary>
    public long HeldBytes()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var live = Directory.Exists(LiveDatabase)
            ? Directory.EnumerateFiles(LiveDatabase, "*.sst").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
            : [];
        var counted = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var file in FilesOf(Root))
        {
            var isTable = file.Extension == ".sst";
            if (!isTable || (!live.Contains(file.Name) && counted.Add(file.Name)))
            {
                bytes += file.Length;
            }
        }

        return bytes;
    }

    private static IEnumerable<FileInfo> FilesOf(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories)
            : [];

    private static NodeSnapshot Unreadable(string id, string nodeId, string why) =>
        new(new SnapshotRequest(id, null, DateTimeOffset.UnixEpoch, 0, "", [], []), nodeId, SnapshotState.Failed, 0, $"its manifest could not be read: {why}");

    private static string Checked(string id) =>
        SnapshotIds.IsValid(id) ? id : throw new ArgumentException($"'{id}' is not a snapshot id.", nameof(id));
}
