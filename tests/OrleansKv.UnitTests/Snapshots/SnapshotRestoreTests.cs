using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Storage.Snapshots;
using OrleansKv.Snapshots;
using OrleansKv.TestSupport;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Snapshots;

/// <summary>A node's checkpoint, the disk it holds, and putting the node's database back from it, on a real RocksDB.</summary>
public sealed class SnapshotRestoreTests : IDisposable
{
    private const string Id = "20261210T153012Z-a1b2c3";
    private readonly TestDirectory _node = new("snapshot");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_restored_database_holds_what_it_held_at_the_checkpoint_and_the_snapshot_can_be_restored_again()
    {
        var folder = new SnapshotFolder(_node.Path);
        using (var database = NodeDatabase.Open(_node.Path))
        {
            await using var store = new RocksDbKeyValueStore(database, new StorageOptions { DataDirectory = _node.Path });
            await store.ApplyAsync("kept", Value(100, "then"));
            await store.ApplyAsync("changed", Value(100, "then"));
            database.SaveCheckpoint(folder.CheckpointOf(Id));
            folder.WriteManifest(new NodeSnapshot(Request(), "node1", SnapshotState.Done, folder.CheckpointBytes(Id), null));
            await store.ApplyAsync("changed", Value(200, "after"));
            await store.ApplyAsync("added", Value(200, "after"));
        }

        for (var round = 0; round < 2; round++)
        {
            SnapshotRestore.Check(_node.Path, "node1", Id);
            SnapshotRestore.EnsureStopped(_node.Path, "node1");
            SnapshotRestore.Restore(_node.Path, Id);

            using var database = NodeDatabase.Open(_node.Path);
            await using var store = new RocksDbKeyValueStore(database, new StorageOptions { DataDirectory = _node.Path });
            Assert.Equal("then", Text(store.Get("kept")));
            Assert.Equal("then", Text(store.Get("changed")));
            Assert.Null(store.Get("added"));
            await store.ApplyAsync("added", Value(300, "after restore"));
        }
    }

    [Fact]
    public void A_running_node_is_not_restored()
    {
        var folder = new SnapshotFolder(_node.Path);
        using var database = NodeDatabase.Open(_node.Path);
        database.SaveCheckpoint(folder.CheckpointOf(Id));
        folder.WriteManifest(new NodeSnapshot(Request(), "node1", SnapshotState.Done, 0, null));

        var refused = Assert.Throws<SnapshotRestoreException>(() => SnapshotRestore.EnsureStopped(_node.Path, "node1"));

        Assert.Contains("node1 is still running", refused.Message);
    }

    [Fact]
    public void A_part_that_is_not_done_or_absent_is_not_restored()
    {
        var folder = new SnapshotFolder(_node.Path);
        Assert.Contains("holds no snapshot", Assert.Throws<SnapshotRestoreException>(() => SnapshotRestore.Check(_node.Path, "node1", Id)).Message);

        folder.WriteManifest(new NodeSnapshot(Request(), "node1", SnapshotState.Failed, 0, "disk full"));

        Assert.Contains("failed, not done: disk full", Assert.Throws<SnapshotRestoreException>(() => SnapshotRestore.Check(_node.Path, "node1", Id)).Message);
    }

    [Fact]
    public async Task Snapshots_hold_no_disk_for_table_files_the_live_database_still_links()
    {
        var folder = new SnapshotFolder(_node.Path);
        using var database = NodeDatabase.Open(_node.Path);
        await using var store = new RocksDbKeyValueStore(database, new StorageOptions { DataDirectory = _node.Path });
        for (var i = 0; i < 2000; i++)
        {
            await store.ApplyAsync($"k{i}", Value(100, new string('x', 200)));
        }

        database.SaveCheckpoint(folder.CheckpointOf(Id));
        var tables = Directory.EnumerateFiles(folder.CheckpointOf(Id), "*.sst").Sum(f => new FileInfo(f).Length);

        Assert.True(tables > 0, "the checkpoint holds no table file");
        Assert.True(folder.CheckpointBytes(Id) >= tables);
        Assert.Equal(folder.CheckpointBytes(Id) - tables, folder.HeldBytes());
    }

    private static SnapshotRequest Request() => new(Id, null, DateTimeOffset.UnixEpoch, 1, "{}", ["node1"], []);

    private static VersionedValue Value(long timestamp, string text) => new(new ValueVersion(timestamp, "node1"), System.Text.Encoding.UTF8.GetBytes(text));

    private static string? Text(VersionedValue? value) => value?.Value is { } data ? System.Text.Encoding.UTF8.GetString(data) : null;
}
