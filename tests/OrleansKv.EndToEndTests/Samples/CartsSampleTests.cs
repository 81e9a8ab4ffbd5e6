using System.Diagnostics;
using System.Net;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Samples;

/// <summary>The sample service (samples/Carts) as a real process on a real local cluster.</summary>
public sealed class CartsSampleTests
{
    [Fact]
    public async Task The_cart_sample_keeps_products_and_session_carts_in_the_cluster_across_a_restart_of_the_service()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var port = FreePorts.Next();
        var service = StartService(cluster, port);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var stranger = new HttpClient { BaseAddress = http.BaseAddress };
        try
        {
            await WaitHealthyAsync(http, service);

            var apple = await http.PutAsync("/products/apple", Json("""{"name": "Apple", "price": 1.5}"""));
            var melon = await http.PutAsync("/products/melon?offerSeconds=1", Json("""{"name": "Melon", "price": 4}"""));
            await http.PostAsync("/cart/items", Json("""{"productId": "apple"}"""));
            var added = await http.PostAsync("/cart/items", Json("""{"productId": "apple"}"""));
            var unknown = await http.PostAsync("/cart/items", Json("""{"productId": "kiwi"}"""));
            var strangersCart = await stranger.GetStringAsync("/cart");
            var overHttp = await cluster[2].Http.GetJsonAsync("/keys/product:apple?consistency=quorum");

            Assert.Equal(HttpStatusCode.OK, apple.StatusCode);
            Assert.Equal(HttpStatusCode.OK, melon.StatusCode);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("\"total\":3.0", await added.Content.ReadAsStringAsync());
            Assert.Contains("\"items\":[]", strangersCart);
            Assert.Equal("Apple", overHttp.Body.GetProperty("value").GetProperty("name").GetString());

            // The service keeps nothing itself: a new process serves the same session's cart.
            service.Kill();
            await service.WaitForExitAsync();
            service.Dispose();
            service = StartService(cluster, port);
            await WaitHealthyAsync(http, service);
            var cart = await http.GetStringAsync("/cart");
            Assert.Contains("\"total\":3.0", cart);
            Assert.Equal(2, cart.Split("\"productId\":\"apple\"").Length - 1);

            // The offer's time to live runs out.
            await Poll.UntilAsync(
                async () => (await http.GetAsync("/products/melon")).StatusCode == HttpStatusCode.NotFound,
                "the melon offer to expire", TimeSpan.FromSeconds(20));
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill();
            }

            service.Dispose();
        }
    }

    private static Process StartService(ProcessCluster cluster, int port)
    {
        var start = SiloBinary.CartsSampleStartInfo(["--urls", $"http://127.0.0.1:{port}"]);
        start.Environment["OrleansKv__DataDirectory"] = cluster.DataDirectory;
        start.RedirectStandardInput = false;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task WaitHealthyAsync(HttpClient http, Process service) =>
        Poll.UntilAsync(
            async () =>
            {
                if (service.HasExited)
                {
                    throw new InvalidOperationException($"the sample exited with code {service.ExitCode}");
                }

                return (await http.GetAsync("/health")).IsSuccessStatusCode;
            },
            "the sample service to answer /health", TimeSpan.FromSeconds(60));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
