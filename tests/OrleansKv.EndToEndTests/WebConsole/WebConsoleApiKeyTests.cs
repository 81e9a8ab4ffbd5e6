using Microsoft.Playwright;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.WebConsole;

/// <summary>
/// The console's side of access control. The server has none yet, so the browser answers 401
/// itself (Playwright routing) to any API call without the expected bearer token; every other
/// request reaches the real node.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class WebConsoleApiKeyTests(ThreeNodeProcessClusterFixture fixture)
{
    [Fact]
    public async Task On_a_401_the_console_asks_for_the_API_key_once_keeps_it_for_the_tab_and_sends_it_as_a_bearer_token()
    {
        const string apiKey = "s3cret-key";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync();
        var refused = 0;
        var accepted = 0;
        await page.RouteAsync("**/admin/**", async route =>
        {
            if (route.Request.Headers.TryGetValue("authorization", out var header) && header == $"Bearer {apiKey}")
            {
                Interlocked.Increment(ref accepted);
                await route.ContinueAsync();
            }
            else
            {
                Interlocked.Increment(ref refused);
                await route.FulfillAsync(new() { Status = 401, ContentType = "application/json", Body = """{"error": "API key required"}""" });
            }
        });

        await page.GotoAsync($"http://127.0.0.1:{fixture.Cluster[1].HttpPort}/?refresh=300");
        await page.Locator("#auth-key").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        await page.FillAsync("#auth-key", apiKey);
        await page.ClickAsync("#auth button[type=submit]");

        await Poll.UntilAsync(async () => await page.Locator("#ring-legend li[data-state=up]").CountAsync() == 3, "the ring after the key was given", TimeSpan.FromSeconds(30));
        var refusedBeforeKey = refused;
        await Poll.UntilAsync(() => Task.FromResult(accepted >= 12), "a dozen API calls with the key", TimeSpan.FromSeconds(30));

        Assert.Equal(apiKey, await page.EvaluateAsync<string>("sessionStorage.getItem('orleanskv.apiKey')"));
        Assert.True(await page.Locator("#auth").IsHiddenAsync(), "the key form is hidden once a key is set");
        Assert.Equal(refusedBeforeKey, refused);
        Assert.InRange(refusedBeforeKey, 1, 5); // the first poll's calls, all waiting for the one prompt
    }
}
