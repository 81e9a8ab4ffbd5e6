using System.Net;
using System.Text;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Backup;

/// <summary>Export from one cluster and import into a fresh one, over HTTP, with real processes.</summary>
public sealed class ExportImportTests
{
    /// <summary>Keys written by PUTs (some with a TTL, one deleted).</summary>
    private const int Keys = 3000;

    /// <summary>Keys loaded into the source by an import of their own (quicker than 100,000 PUTs), with versions of many nodes.</summary>
    private const int Bulk = 100_000;

    [Fact]
    public async Task An_export_of_over_100000_keys_imported_into_a_fresh_cluster_reads_back_every_key_equal_with_the_same_version()
    {
        await using var source = await ProcessCluster.StartAsync(3);
        var bulk = string.Join("\n", Enumerable.Range(0, Bulk).Select(i =>
            $$$"""{"key": "export:bulk:{{{i}}}", "value": [{{{i}}}, "b{{{i}}}"], "version": "{{{1_000_000 + i}}}@node{{{1 + i % 5}}}"}"""));
        using (var load = new StringContent(bulk, Encoding.UTF8, "application/x-ndjson"))
        {
            using var bulkHttp = Bulky(source[1]);
            var loaded = await bulkHttp.PostAsync("/admin/import", load);
            Assert.True(loaded.StatusCode == HttpStatusCode.OK, await loaded.Content.ReadAsStringAsync());
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, Keys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var ttl = i % 100 == 0 ? "?ttl=86400" : "";
            var put = await source[1 + i % 3].Http.PutAsync($"/keys/export:{i}{ttl}", $$$"""{"value": {"n": {{{i}}}, "s": "v{{{i}}}"}}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
        });
        await source[1].Http.DeleteJsonAsync("/keys/export:1?consistency=all");

        using var exportHttp = Bulky(source[2]);
        var export = await exportHttp.GetAsync("/admin/export?prefix=export:");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Bulk + Keys - 1, lines.Length);
        var exported = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("key").GetString()!);
        Assert.False(exported.ContainsKey("export:1"), "a deleted key was exported");
        Assert.True(exported["export:100"].TryGetProperty("expires_at", out _));
        await source.StopAllAsync();

        await using var target = await ProcessCluster.StartAsync(3);
        using var body = new StringContent(string.Join("\n", lines), Encoding.UTF8, "application/x-ndjson");
        using var importHttp = Bulky(target[3]);
        var import = await importHttp.PostAsync("/admin/import", body);
        var imported = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement;
        Assert.True(import.StatusCode == HttpStatusCode.OK, imported.ToString());
        Assert.Equal(Bulk + Keys - 1, imported.GetProperty("written").GetInt64());

        // Every key: the target's own export holds exactly the lines the source's did.
        using var againHttp = Bulky(target[1]);
        var again = await againHttp.GetAsync("/admin/export?prefix=export:");
        var reexported = (await again.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("key").GetString()!);
        Assert.Equal(exported.Count, reexported.Count);
        foreach (var (key, line) in exported)
        {
            Assert.True(reexported.TryGetValue(key, out var back), $"{key} is missing after the import");
            Assert.Equal(line.GetRawText(), back.GetRawText());
        }

        // And each PUT-written key (a TTL on some) read by GET through every node.
        foreach (var (key, line) in exported.Where(e => !e.Key.StartsWith("export:bulk:", StringComparison.Ordinal)))
        {
            var read = await target[1 + key.Length % 3].Http.GetJsonAsync($"/keys/{key}?consistency=quorum");
            Assert.True(read.Status == HttpStatusCode.OK, $"{key}: {(int)read.Status} {read.Body}");
            Assert.Equal(line.GetProperty("version").GetString(), read.Text("version"));
            Assert.Equal(line.GetProperty("value").GetRawText(), read.Body.GetProperty("value").GetRawText());
        }
    }

    /// <summary>A client for moving 100,000 keys in one request: the nodes' default 15 s is for single keys.</summary>
    private static HttpClient Bulky(TestNode node) => new() { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task A_bad_line_stops_the_import_there_with_the_lines_before_it_written()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var body = string.Join("\n",
            """{"key": "import:a", "value": 1, "version": "100@node9"}""",
            """{"key": "import:b", "value": 2, "version": "100@node9"}""",
            """{"key": "import:c", "value": 3}""",
            """{"key": "import:d", "value": 4, "version": "100@node9"}""");

        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        var answer = await cluster[1].Http.PostAsync("/admin/import", content);
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(3, error.GetProperty("line").GetInt64());
        Assert.Equal(2, error.GetProperty("written").GetInt64());
        Assert.Contains("version", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await cluster[2].Http.GetJsonAsync("/keys/import:b?consistency=quorum")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await cluster[2].Http.GetJsonAsync("/keys/import:d?consistency=quorum")).Status);

        // An older version never overwrites a newer one: importing again at an older version changes nothing.
        var newer = await cluster[1].Http.PutAsync("/keys/import:a", """{"value": "newer"}""");
        using var again = new StringContent("""{"key": "import:a", "value": 1, "version": "100@node9"}""", Encoding.UTF8, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, (await cluster[1].Http.PostAsync("/admin/import", again)).StatusCode);
        Assert.Equal("newer", (await cluster[3].Http.GetJsonAsync("/keys/import:a?consistency=quorum")).Text("value"));
        Assert.Equal(newer.Text("version"), (await cluster[3].Http.GetJsonAsync("/keys/import:a?consistency=quorum")).Text("version"));
    }
}
