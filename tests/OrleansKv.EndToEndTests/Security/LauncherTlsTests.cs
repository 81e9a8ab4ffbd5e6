using System.Net;
using OrleansKv.Client.Security;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Security;

/// <summary>The launcher with both certificates: it hands them to its nodes, waits for them over HTTPS and opens the shell with the cluster certificate.</summary>
public sealed class LauncherTlsTests
{
    // Away from the quick start's offsets (500, 600): both tests may run on one machine.
    private const int PortOffset = 1700;

    [Fact]
    public async Task The_launcher_passes_its_certificates_to_every_node_and_to_the_shell_and_waits_for_readiness_over_https()
    {
        using var certificates = new TestCertificates();
        var (httpsPfx, httpsCertificate) = certificates.Create("orleanskv-launcher-https");
        var (clusterPfx, _) = certificates.Create("orleanskv-launcher-cluster");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-launcher-tls-" + Guid.NewGuid().ToString("N"));
        var start = SiloBinary.StartInfo(
            ["--shell", "--data-dir", dataDirectory, "--port-offset", PortOffset.ToString(), "--https-cert", httpsPfx, "--cluster-cert", clusterPfx]);
        // Passwords from the environment, as docs/security.md recommends: never on a command line.
        start.Environment["ORLEANSKV_HTTPS_CERT_PASSWORD"] = TestCertificates.Password;
        start.Environment[ClusterTls.PasswordVariable] = TestCertificates.Password;
        using var captured = CapturedProcess.Start(start);
        var launcher = captured.Process;
        string Output() => captured.Output;

        try
        {
            // The shell reads commands from the launcher's standard input, kept open while the test calls HTTPS.
            await launcher.StandardInput.WriteLineAsync("put launched:tls yes all");
            await launcher.StandardInput.FlushAsync();
            await Poll.UntilAsync(() => Task.FromResult(Output().Contains("OK put launched:tls") || launcher.HasExited),
                "the launcher's shell to write at all", TimeSpan.FromSeconds(90));
            Assert.Contains("acknowledged 3/3", Output());
            Assert.Contains($"https://127.0.0.1:{8001 + PortOffset}", Output());

            using var https = new HttpClient(TestCertificates.Trusting(httpsCertificate)) { BaseAddress = new Uri($"https://127.0.0.1:{8002 + PortOffset}") };
            var get = await https.GetJsonAsync("/keys/launched:tls?consistency=all");
            var nodes = await https.GetJsonAsync("/admin/nodes");

            Assert.Equal(HttpStatusCode.OK, get.Status);
            Assert.Equal("yes", get.Text("value"));
            Assert.All(nodes.Body.GetProperty("nodes").EnumerateArray(), n => Assert.StartsWith("https://", n.GetProperty("http_url").GetString()));

            launcher.StandardInput.Close();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await launcher.WaitForExitAsync(deadline.Token);
            Assert.True(launcher.ExitCode == 0, Output());
            Assert.Contains("Cluster stopped.", Output());
            Assert.DoesNotContain(TestCertificates.Password, Output());
        }
        finally
        {
            if (!launcher.HasExited)
            {
                launcher.Kill(entireProcessTree: true);
            }

            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temp data is harmless.
            }
        }
    }
}
