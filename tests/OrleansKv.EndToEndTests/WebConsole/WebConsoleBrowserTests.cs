using System.Diagnostics;
using Microsoft.Playwright;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.WebConsole;

/// <summary>
/// The web console in headless Chromium (Debian's /usr/bin/chromium, installed by .ci/chromium.sh)
/// against a live cluster of real node processes. Screenshots go to TestResults/.
/// </summary>
public sealed class WebConsoleBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_console_shows_three_nodes_on_the_ring_three_matching_replicas_after_a_put_and_a_killed_node_down_within_seconds()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run .ci/chromium.sh (test.sh does).");
        await using var cluster = await ProcessCluster.StartAsync(3);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root needs --no-sandbox; the rest stop Chromium calling outside hosts on a closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync($"http://127.0.0.1:{cluster[1].HttpPort}/?refresh=500");

        var upLegend = page.Locator("#ring-legend li[data-state=up]");
        await Poll.UntilAsync(async () => await upLegend.CountAsync() == 3, "three nodes up in the ring legend", TimeSpan.FromSeconds(30));
        foreach (var node in cluster.Nodes)
        {
            Assert.True(await page.Locator($"#ring path[data-node={node.NodeId}][data-state=up]").CountAsync() > 0, $"{node.NodeId} owns arcs on the ring");
            Assert.Equal("up", await page.Locator($"#nodes tr[data-node={node.NodeId}]").GetAttributeAsync("data-state"));
            Assert.Equal("ok", await page.Locator($"#nodes tr[data-node={node.NodeId}]").GetAttributeAsync("data-clock"));
            Assert.Equal("ok", await page.Locator($"#nodes tr[data-node={node.NodeId}] td").Nth(7).InnerTextAsync());
        }

        await page.FillAsync("#key", "console:greeting");
        await page.FillAsync("#value", """{"hello": "from the console"}""");
        await page.SelectOptionAsync("#level", "all");
        await page.ClickAsync("#put");
        var replicaRows = page.Locator("#replica-table tbody tr");
        await Poll.UntilAsync(async () => await replicaRows.CountAsync() == 3, "three replica rows after the put", TimeSpan.FromSeconds(30));

        var putVersion = await page.Locator("#response-fields tr[data-field=version] td").Nth(1).InnerTextAsync();
        Assert.Equal("3", await page.Locator("#response-fields tr[data-field=successful_replicas] td").Nth(1).InnerTextAsync());
        for (var i = 0; i < 3; i++)
        {
            var row = replicaRows.Nth(i);
            Assert.Equal("current", await row.GetAttributeAsync("data-copy"));
            Assert.Equal(putVersion, await row.Locator("td").Nth(4).InnerTextAsync());
            Assert.Contains("from the console", await row.Locator("td").Nth(5).InnerTextAsync());
        }

        // The key browser lists by prefix and opens a key in the inspector.
        await page.FillAsync("#prefix", "console:");
        await page.ClickAsync("#browse");
        var listed = page.Locator("#key-list a[data-key='console:greeting']");
        await Poll.UntilAsync(async () => await listed.CountAsync() == 1, "the key browser to list console:greeting", TimeSpan.FromSeconds(15));
        Assert.Equal(1, await page.Locator("#key-list li").CountAsync());

        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathOf("web-console.png"), FullPage = true });

        var killed = Stopwatch.StartNew();
        await cluster[3].KillAsync();
        await Poll.UntilAsync(
            async () => await page.Locator("#ring-legend li[data-node=node3]").GetAttributeAsync("data-state") == "down"
                && await page.Locator("#nodes tr[data-node=node3]").GetAttributeAsync("data-state") == "down",
            "the console to mark node3 down on the ring and in the node table", TimeSpan.FromSeconds(15));
        output.WriteLine($"node3 shown down {killed.Elapsed.TotalSeconds:0.0} s after kill -9");
        Assert.True(await page.Locator("#ring path[data-node=node3][data-state=down]").CountAsync() > 0, "node3's arcs are drawn as down");
        await Poll.UntilAsync(
            async () => await page.Locator("#replica-table tr[data-node=node3]").GetAttributeAsync("data-copy") == "down",
            "the inspected key's replica on node3 to show as down", TimeSpan.FromSeconds(20));

        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathOf("web-console-node-down.png"), FullPage = true });
        Assert.Empty(pageErrors);
    }
}
