using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Security;

/// <summary>A cluster started with --https-cert: the HTTP API over HTTPS only, called by a client that trusts the test's certificate.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task Nodes_with_an_https_certificate_serve_the_api_over_https_only_and_advertise_https_urls()
    {
        using var certificates = new TestCertificates();
        var (pfx, _) = certificates.Create("orleanskv-https");
        await using var cluster = await ProcessCluster.StartAsync(3, "--https-cert", pfx, "--https-cert-password", TestCertificates.Password);

        var put = await cluster[1].Http.PutAsync("/keys/secure", """{"value": "over tls", "consistency": "all"}""");
        var get = await cluster[2].Http.GetJsonAsync("/keys/secure?consistency=all");
        var status = await cluster[3].Http.GetJsonAsync("/admin/status");
        var nodes = await cluster[1].Http.GetJsonAsync("/admin/nodes");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(3, put.Int("successful_replicas"));
        Assert.Equal("over tls", get.Text("value"));
        Assert.Equal($"https://127.0.0.1:{cluster[3].HttpPort}", status.Text("http_url"));
        Assert.Equal(
            cluster.Nodes.Select(n => $"https://127.0.0.1:{n.HttpPort}").Order(),
            nodes.Body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("http_url").GetString()!).Order());

        // Plain HTTP on the same port is not served, and HTTPS is not trusted without the certificate.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{cluster[1].HttpPort}/health/live"));
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"https://127.0.0.1:{cluster[1].HttpPort}/health/live"));
    }
}
