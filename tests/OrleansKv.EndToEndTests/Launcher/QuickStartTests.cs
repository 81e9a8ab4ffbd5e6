using System.Diagnostics;
using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Launcher;

/// <summary>The quick start, run as written: `Silo --cluster`, then the curl tour of docs/http-api.md (the README's curl example is its first three lines).</summary>
public sealed class QuickStartTests
{
    // The default ports shifted by --port-offset, so a developer's own cluster on the
    // default ports does not clash with the test's.
    private const int PortOffset = 500;

    [Fact]
    public async Task The_quick_start_cluster_owns_its_first_ring_together_serves_the_readme_examples_and_stops_cleanly_on_sigterm()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-quickstart-" + Guid.NewGuid().ToString("N"));
        using var captured = CapturedProcess.Start(SiloBinary.StartInfo(["--cluster", "--data-dir", dataDirectory, "--port-offset", PortOffset.ToString()]));
        var launcher = captured.Process;
        string Output() => captured.Output;

        try
        {
            await Poll.UntilAsync(() => Task.FromResult(Output().Contains("Press Ctrl-C")), "the launcher to report the cluster ready", TimeSpan.FromSeconds(60));
            Assert.Contains("node3", Output());
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{8001 + PortOffset}") };

            // docs/http-api.md's curl tour, in order.
            var put = await http.PutAsync("/keys/greeting", """{"value": "hello", "consistency": "all"}""");
            var get = await new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{8002 + PortOffset}") }.GetJsonAsync("/keys/greeting?consistency=quorum");
            var delete = await http.DeleteJsonAsync("/keys/greeting");
            var status = await http.GetJsonAsync("/admin/status");
            var nodes = await http.GetJsonAsync("/admin/nodes");
            var ring = await http.GetJsonAsync("/admin/ring");
            var replicas = await http.GetJsonAsync("/admin/replicas/greeting");
            var ready = await http.GetJsonAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, put.Status);
            Assert.Equal(3, put.Int("successful_replicas"));
            Assert.Equal("hello", get.Text("value"));
            Assert.Equal("Key greeting deleted", delete.Text("message"));
            Assert.Equal("node1", status.Text("node_id"));
            Assert.Equal(3, nodes.Body.GetProperty("nodes").GetArrayLength());
            Assert.Equal(3, ring.Body.GetProperty("nodes").GetArrayLength());
            // The launcher names its nodes (Ring:InitialNodes): all three own epoch 1, none joined one by one.
            Assert.Equal(1, ring.Body.GetProperty("epoch").GetInt64());
            Assert.Equal(3, replicas.Int("up_replicas"));
            Assert.Equal(HttpStatusCode.OK, ready.Status);

            using var term = Process.Start("kill", ["-TERM", launcher.Id.ToString()]);
            await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await launcher.WaitForExitAsync(deadline.Token);

            Assert.Equal(0, launcher.ExitCode);
            Assert.Contains("Cluster stopped.", Output());
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/health/live"));
        }
        finally
        {
            if (!launcher.HasExited)
            {
                launcher.Kill(entireProcessTree: true);
            }

            DeleteDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task The_launcher_refuses_a_replication_factor_higher_than_its_number_of_nodes()
    {
        var run = await ProcessRun.RunAsync(SiloBinary.StartInfo(
            ["--cluster", "--nodes", "2", "--replication-factor", "3", "--data-dir", Path.Combine(Path.GetTempPath(), "orleanskv-rf-" + Guid.NewGuid().ToString("N"))]));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--replication-factor 3 is higher than --nodes 2", run.Errors + run.Output);
    }

    [Fact]
    public async Task Without_arguments_the_launcher_opens_the_shell_on_node1_and_stops_the_cluster_when_it_quits()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-launcher-shell-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await ProcessRun.RunAsync(
                SiloBinary.StartInfo(["--data-dir", dataDirectory, "--port-offset", (PortOffset + 100).ToString()]),
                "put launched yes all\nget launched quorum\nnodes\n",
                TimeSpan.FromSeconds(90));

            var text = run.Output;
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("OK put launched", text);
            Assert.Contains("acknowledged 3/3", text);
            Assert.Contains("launched = \"yes\"", text);
            Assert.Contains("coordinator node1", text);
            Assert.Contains("3 nodes (3 up)", text);
            Assert.Contains("Cluster stopped.", text);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "membership.db")));
        }
        finally
        {
            DeleteDirectory(dataDirectory);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp data is harmless.
        }
    }
}
