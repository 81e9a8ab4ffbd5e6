using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Backup;

/// <summary>
/// A cluster-wide snapshot taken under a running writer, then changes, then every node stopped and
/// restored with <c>OrleansKv.Silo restore --cluster</c>: the cluster reads the snapshot's data.
/// </summary>
public sealed class SnapshotRestoreTests(ITestOutputHelper output)
{
    private const int Keys = 100_000;

    [Fact]
    public async Task A_restored_cluster_reads_every_key_at_all_with_its_value_at_the_snapshot()
    {
        var test = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(3);
        await ImportAsync(cluster, Enumerable.Range(0, Keys).Select(i => $$"""{"key": "{{Key(i)}}", "value": {{i}}, "version": "{{i + 1}}@seed"}"""));
        output.WriteLine($"{Keys} keys written: {test.Elapsed.TotalSeconds:0.0} s");

        // A writer runs while the snapshot is taken: its keys may be in the snapshot or not.
        using var stopWriter = new CancellationTokenSource();
        var liveWrites = 0;
        var writer = Task.Run(async () =>
        {
            while (!stopWriter.IsCancellationRequested)
            {
                await cluster[1 + liveWrites % 3].Http.PutAsync($"/keys/live:{liveWrites}", """{"value": "during"}""");
                Interlocked.Increment(ref liveWrites);
            }
        });
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref liveWrites) > 20), "the writer to be writing");
        var id = await TakeSnapshotAsync(cluster[2], "under-a-writer");
        await stopWriter.CancelAsync();
        await writer;
        output.WriteLine($"snapshot {id} done, {liveWrites} writes meanwhile: {test.Elapsed.TotalSeconds:0.0} s");

        // Half the keys change after the snapshot: even ones overwritten, odd ones deleted.
        await Parallel.ForEachAsync(Enumerable.Range(0, Keys / 2), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (i, _) =>
        {
            var node = cluster[1 + i % 3].Http;
            var answer = i % 2 == 0 ? await node.PutAsync($"/keys/{Key(i)}", """{"value": "after"}""") : await node.DeleteJsonAsync($"/keys/{Key(i)}");
            Assert.True(answer.Status == HttpStatusCode.OK, $"{Key(i)}: {(int)answer.Status} {answer.Body}");
        });
        output.WriteLine($"{Keys / 2} keys overwritten or deleted: {test.Elapsed.TotalSeconds:0.0} s");

        await cluster.StopAllAsync();
        var restore = await RestoreAsync(cluster.DataDirectory, "--snapshot", id, "--cluster");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var node in cluster.Nodes)
        {
            node.Start();
        }

        await cluster.WaitUntilAllSeeAllUpAsync();
        output.WriteLine($"restored and started: {test.Elapsed.TotalSeconds:0.0} s");

        var read = await ListAtAllAsync(cluster[3], "snap:");
        var wrong = Enumerable.Range(0, Keys)
            .Where(i => !read.TryGetValue(Key(i), out var value) || value != i.ToString())
            .Select(i => $"{Key(i)}: {read.GetValueOrDefault(Key(i)) ?? "absent"}")
            .ToArray();
        Assert.True(wrong.Length == 0, $"{wrong.Length} keys do not read as in the snapshot, e.g. {string.Join("; ", wrong.Take(10))}");
        Assert.Equal(Keys, read.Count);
        foreach (var i in new[] { 0, 1, 2, 3, Keys / 2 - 1, Keys / 2, Keys - 1 })
        {
            var get = await cluster[1 + i % 3].Http.GetJsonAsync($"/keys/{Key(i)}?consistency=all");
            Assert.True(get.Status == HttpStatusCode.OK && get.Body.GetProperty("value").GetInt32() == i, $"{Key(i)} at all: {(int)get.Status} {get.Body}");
        }

        output.WriteLine($"every key read at all: {test.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Restoring_an_unknown_snapshot_exits_non_zero_and_says_so()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dataDirectory, "node1"));
        try
        {
            var unknown = await RestoreAsync(dataDirectory, "--snapshot", "20261210T153012Z-a1b2c3", "--cluster");
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("Unknown snapshot 20261210T153012Z-a1b2c3", unknown.Errors);

            var malformed = await RestoreAsync(dataDirectory, "--snapshot", "../node1", "--node-id", "1");
            Assert.NotEqual(0, malformed.ExitCode);
            Assert.Contains("is not a snapshot id", malformed.Errors);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    internal static string Key(int i) => $"snap:{i}";

    /// <summary>Starts a snapshot through <paramref name="node"/> and waits until every node's part is done; returns its id.</summary>
    internal static async Task<string> TakeSnapshotAsync(TestNode node, string? name = null)
    {
        using var body = new StringContent(name is null ? "" : $$"""{"name": "{{name}}"}""", Encoding.UTF8, "application/json");
        var answer = await node.Http.PostAsync("/admin/snapshots", body);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"POST /admin/snapshots: {(int)answer.StatusCode} {text}");
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        await Poll.UntilAsync(
            async () => await SnapshotAsync(node, id) is { } s && s.GetProperty("nodes").EnumerateArray().All(n => n.GetProperty("state").GetString() == "done")
                ? null
                : $"snapshot: {await SnapshotAsync(node, id)}",
            $"snapshot {id} to be done on every node", TimeSpan.FromSeconds(60));
        return id;
    }

    /// <summary>Snapshot <paramref name="id"/> as <c>GET /admin/snapshots</c> lists it, or null.</summary>
    internal static async Task<JsonElement?> SnapshotAsync(TestNode node, string id)
    {
        var listing = await node.Http.GetJsonAsync("/admin/snapshots");
        Assert.Equal(HttpStatusCode.OK, listing.Status);
        return listing.Body.GetProperty("snapshots").EnumerateArray().Where(s => s.GetProperty("id").GetString() == id).Select(s => (JsonElement?)s).FirstOrDefault();
    }

    internal static Task<ProcessRun> RestoreAsync(string dataDirectory, params string[] arguments) =>
        ProcessRun.RunAsync(SiloBinary.StartInfo(["restore", "--data-dir", dataDirectory, .. arguments]), timeout: TimeSpan.FromSeconds(120));

    /// <summary>Writes JSON lines through <c>POST /admin/import</c>, a chunk through each node at once.</summary>
    private static async Task ImportAsync(ProcessCluster cluster, IEnumerable<string> lines)
    {
        var chunks = lines.Chunk(5_000).Select((chunk, i) => (Chunk: chunk, Node: cluster[1 + i % 3]));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (work, _) =>
        {
            using var body = new StringContent(string.Join("\n", work.Chunk), Encoding.UTF8, "application/x-ndjson");
            var answer = await work.Node.Http.PostAsync("/admin/import", body);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        });
    }

    /// <summary>Every key under <paramref name="prefix"/> with its value's JSON text, listed at <c>all</c> (each range from every replica, merged by version).</summary>
    private static async Task<Dictionary<string, string>> ListAtAllAsync(TestNode node, string prefix)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await node.Http.GetJsonAsync($"/keys?prefix={prefix}&limit=10000&values=true&consistency=all{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.True(page.Status == HttpStatusCode.OK, $"listing: {(int)page.Status} {page.Body}");
            foreach (var entry in page.Body.GetProperty("keys").EnumerateArray())
            {
                keys.Add(entry.GetProperty("key").GetString()!, entry.GetProperty("value").GetRawText());
            }

            cursor = page.Body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return keys;
    }
}
