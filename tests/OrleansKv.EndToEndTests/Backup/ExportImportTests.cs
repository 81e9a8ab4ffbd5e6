using System.Net;
using System.Text;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Backup;

/// <summary>Export from one cluster and import into a fresh one, over HTTP, with real processes.</summary>
public sealed class ExportImportTests
{
    private const int Keys = 3000;

    [Fact]
    public async Task An_export_imported_into_a_fresh_cluster_reads_back_every_key_equal_with_the_same_version()
    {
        await using var source = await ProcessCluster.StartAsync(3);
        await Parallel.ForEachAsync(Enumerable.Range(0, Keys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var ttl = i % 100 == 0 ? "?ttl=86400" : "";
            var put = await source[1 + i % 3].Http.PutAsync($"/keys/export:{i}{ttl}", $$$"""{"value": {"n": {{{i}}}, "s": "v{{{i}}}"}}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
        });
        await source[1].Http.DeleteJsonAsync("/keys/export:1?consistency=all");

        var export = await source[2].Http.GetAsync("/admin/export?prefix=export:");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Keys - 1, lines.Length);
        var exported = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("key").GetString()!);
        Assert.False(exported.ContainsKey("export:1"), "a deleted key was exported");
        Assert.True(exported["export:100"].TryGetProperty("expires_at", out _));
        await source.StopAllAsync();

        await using var target = await ProcessCluster.StartAsync(3);
        using var body = new StringContent(string.Join("\n", lines), Encoding.UTF8, "application/x-ndjson");
        var import = await target[3].Http.PostAsync("/admin/import", body);
        var imported = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement;
        Assert.True(import.StatusCode == HttpStatusCode.OK, imported.ToString());
        Assert.Equal(Keys - 1, imported.GetProperty("written").GetInt64());

        foreach (var (key, line) in exported)
        {
            var read = await target[1 + key.Length % 3].Http.GetJsonAsync($"/keys/{key}?consistency=quorum");
            Assert.True(read.Status == HttpStatusCode.OK, $"{key}: {(int)read.Status} {read.Body}");
            Assert.Equal(line.GetProperty("version").GetString(), read.Text("version"));
            Assert.Equal(line.GetProperty("value").GetRawText(), read.Body.GetProperty("value").GetRawText());
        }
    }

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
