using System.Runtime.InteropServices;
using OrleansKv.Snapshots;

namespace OrleansKv.Grains.Storage.Snapshots;

/// <summary>
/// Puts a stopped node's database back as it was in one of its snapshots. The checkpoint's files
/// are hard-linked (table files are immutable; copied where a link cannot be made) into a new
/// directory beside the live one, which then takes the live one's place, so the snapshot stays
/// intact and can be restored again. Every check comes before anything changes.
/// </summary>
public static class SnapshotRestore
{
    /// <summary>
    /// The node's part of snapshot <paramref name="id"/>, checked to be restorable: present and
    /// done. Throws <see cref="SnapshotRestoreException"/> saying why not.
    /// </summary>
    public static NodeSnapshot Check(string nodeDataDirectory, string nodeId, string id)
    {
        var folder = new SnapshotFolder(nodeDataDirectory);
        NodeSnapshot? snapshot;
        try
        {
            snapshot = folder.Read(id);
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            throw new SnapshotRestoreException($"{nodeId}: the manifest of snapshot {id} cannot be read: {ex.Message}");
        }

        return snapshot switch
        {
            null => throw new SnapshotRestoreException($"{nodeId} holds no snapshot {id} (looked in {folder.PathOf(id)})."),
            { State: not SnapshotState.Done } => throw new SnapshotRestoreException(
                $"{nodeId}'s part of snapshot {id} is {SnapshotManifestCodec.StateName(snapshot.State)}, not done{(snapshot.Error is { } e ? ": " + e : "")}; it cannot be restored."),
            _ when !Directory.Exists(folder.CheckpointOf(id)) => throw new SnapshotRestoreException($"{nodeId}'s part of snapshot {id} has no checkpoint at {folder.CheckpointOf(id)}."),
            _ => snapshot,
        };
    }

    /// <summary>
    /// Throws <see cref="SnapshotRestoreException"/> when a process holds the node's database
    /// (RocksDB's LOCK file): a running node must be stopped before its data is replaced.
    /// </summary>
    public static void EnsureStopped(string nodeDataDirectory, string nodeId)
    {
        var folder = new SnapshotFolder(nodeDataDirectory);
        if (!Directory.Exists(folder.LiveDatabase))
        {
            return;
        }

        try
        {
            NodeDatabase.Open(nodeDataDirectory).Dispose();
        }
        catch (StorageOpenException ex) when (ex.InUse)
        {
            throw new SnapshotRestoreException($"{nodeId} is still running (its database {folder.LiveDatabase} is locked); stop it before restoring it.");
        }
    }

    /// <summary>Replaces the node's live database with snapshot <paramref name="id"/>'s checkpoint (checked with <see cref="Check"/> first).</summary>
    public static void Restore(string nodeDataDirectory, string id)
    {
        var folder = new SnapshotFolder(nodeDataDirectory);
        var live = folder.LiveDatabase;
        var incoming = live + ".restoring";
        var outgoing = live + ".replaced";
        foreach (var leftover in new[] { incoming, outgoing }.Where(Directory.Exists))
        {
            Directory.Delete(leftover, recursive: true);
        }

        Directory.CreateDirectory(incoming);
        foreach (var file in Directory.EnumerateFiles(folder.CheckpointOf(id)))
        {
            var target = Path.Combine(incoming, Path.GetFileName(file));
            // Only table files are linked: RocksDB appends to or rewrites the others on open, which must not reach the snapshot.
            if (!file.EndsWith(".sst", StringComparison.Ordinal) || !TryHardLink(file, target))
            {
                File.Copy(file, target);
            }
        }

        if (Directory.Exists(live))
        {
            Directory.Move(live, outgoing);
        }

        Directory.Move(incoming, live);
        if (Directory.Exists(outgoing))
        {
            Directory.Delete(outgoing, recursive: true);
        }
    }

    private static bool TryHardLink(string existing, string link) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Link(existing, link) == 0;

    // .NET has no hard-link API; link(2) takes UTF-8 paths, which is how strings marshal on Unix.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string link);
}

/// <summary>A snapshot cannot be restored; the message says why, for the operator.</summary>
public sealed class SnapshotRestoreException(string message) : Exception(message);
