using System.Net;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Backup;

/// <summary><c>/admin/snapshots</c> on real processes: each node's part, a node that is down, deletion everywhere.</summary>
public sealed class SnapshotEndpointTests
{
    [Fact]
    public async Task A_snapshot_is_deleted_from_every_node_and_one_taken_with_a_node_down_lists_that_node_as_missing()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        Assert.Equal(HttpStatusCode.OK, (await cluster[1].Http.PutAsync("/keys/snapshot-endpoints", """{"value": 1}""")).Status);

        var first = await SnapshotRestoreTests.TakeSnapshotAsync(cluster[1], "first");
        var listed = (await SnapshotRestoreTests.SnapshotAsync(cluster[3], first))!.Value;
        Assert.Equal("first", listed.GetProperty("name").GetString());
        Assert.True(listed.GetProperty("epoch").GetInt64() > 0);
        Assert.All(listed.GetProperty("nodes").EnumerateArray(), n => Assert.True(n.GetProperty("bytes").GetInt64() > 0, n.ToString()));
        Assert.All(cluster.Nodes, n => Assert.True(Directory.Exists(Path.Combine(n.NodeDataDirectory, "snapshots", first)), n.NodeId));
        Assert.True((await cluster[2].Http.GetJsonAsync("/admin/status")).Body.GetProperty("snapshot_bytes").GetInt64() >= 0);

        var deleted = await cluster[2].Http.DeleteJsonAsync($"/admin/snapshots/{first}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.Body.ToString());
        Assert.Equal(3, deleted.Body.GetProperty("deleted_on").GetArrayLength());
        Assert.All(cluster.Nodes, n => Assert.False(Directory.Exists(Path.Combine(n.NodeDataDirectory, "snapshots", first)), n.NodeId));
        Assert.Null(await SnapshotRestoreTests.SnapshotAsync(cluster[1], first));
        var again = await cluster[2].Http.DeleteJsonAsync($"/admin/snapshots/{first}");
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Contains(first, again.Text("error"));

        await cluster[3].StopAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");
        using var body = new StringContent("", Encoding.UTF8, "application/json");
        var started = await cluster[1].Http.PostAsync("/admin/snapshots", body);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var second = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await Poll.UntilAsync(
            async () =>
            {
                var states = (await SnapshotRestoreTests.SnapshotAsync(cluster[2], second))?.GetProperty("nodes").EnumerateArray()
                    .ToDictionary(n => n.GetProperty("node_id").GetString()!, n => n.GetProperty("state").GetString()!);
                return states is { Count: 3 } && states["node1"] == "done" && states["node2"] == "done" && states["node3"] == "missing"
                    ? null
                    : $"states {string.Join(", ", states?.Select(s => $"{s.Key}={s.Value}") ?? [])}";
            },
            "the snapshot to be done on node1 and node2 and missing on node3");

        // node3 holds no part, so restoring the cluster from it is refused before anything changes.
        await cluster.StopAllAsync();
        var restore = await SnapshotRestoreTests.RestoreAsync(cluster.DataDirectory, "--snapshot", second, "--cluster");
        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("node3 holds no snapshot", restore.Errors);
    }
}
