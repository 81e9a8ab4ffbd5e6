using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OrleansKv.Client;
using OrleansKv.Client.Security;
using OrleansKv.Consistency;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Security;

/// <summary>
/// A cluster started with --cluster-cert (mutual TLS between silos and from clients): it
/// replicates as usual; a node, a shell or a client without its certificate is kept out.
/// </summary>
public sealed class ClusterTlsTests(ITestOutputHelper output)
{
    private static readonly string[] Members = ["node1", "node2", "node3"];

    [Fact]
    public async Task A_cluster_with_a_cluster_certificate_replicates_and_refuses_a_node_a_shell_and_a_client_without_it()
    {
        using var certificates = new TestCertificates();
        var (clusterPfx, _) = certificates.Create("orleanskv-cluster");
        var (otherPfx, _) = certificates.Create("orleanskv-intruder");
        string[] withCertificate = ["--cluster-cert", clusterPfx, "--cluster-cert-password", TestCertificates.Password];
        await using var cluster = await ProcessCluster.StartAsync(3, withCertificate);
        const int keys = 20;
        foreach (var i in Enumerable.Range(0, keys))
        {
            var put = await cluster[1 + i % 3].Http.PutAsync($"/keys/tls:{i}", $$"""{"value": {{i}}, "consistency": "all"}""");
            Assert.True(put.Status == HttpStatusCode.OK, $"PUT tls:{i} at all: {(int)put.Status} {put.Body}");
        }

        await AssertEveryKeyReadsAtAllAsync(cluster, keys);
        var (epoch, _, _) = await RingProbe.RingAsync(cluster[1]);

        // A fourth node with another certificate, and a fifth with none: the running nodes would
        // never admit them (mutual TLS), so each stops once, before it joins, with the code that
        // says not to restart it (78) and why, instead of being declared dead over and over.
        var intruder = cluster.Add(new TestNode(4, cluster.DataDirectory, ["--cluster-cert", otherPfx, "--cluster-cert-password", TestCertificates.Password]));
        var plain = cluster.Add(new TestNode(5, cluster.DataDirectory));
        var watch = Stopwatch.StartNew();
        intruder.Start();
        plain.Start();
        var seen = new List<string>();
        while ((intruder.IsRunning || plain.IsRunning) && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            seen.Add(await IntruderSeenAsync(cluster, intruder) + await IntruderSeenAsync(cluster, plain));
            await Task.Delay(250);
        }

        output.WriteLine($"intruder exited with {intruder.ExitCode}, plain node with {plain.ExitCode}, after {watch.Elapsed.TotalSeconds:0.0} s; {seen.Count} observations");
        Assert.All(seen, s => Assert.Equal("", s));
        Assert.True(intruder.ExitCode == 78, $"the node with another certificate: exit code {intruder.ExitCode}. Output:\n{intruder.Output}");
        Assert.True(plain.ExitCode == 78, $"the node without a certificate: exit code {plain.ExitCode}. Output:\n{plain.Output}");
        Assert.Contains("node4 cannot join this cluster: it has the cluster certificate sha256:", intruder.Output);
        Assert.Contains("node5 cannot join this cluster: it has no cluster certificate (plain TCP)", plain.Output);
        Assert.All(new[] { intruder, plain }, n =>
        {
            Assert.Contains("node1, node2, node3 use the cluster certificate sha256:", n.Output);
            Assert.Single(Regex.Matches(n.Output, "stops for good"));
            Assert.DoesNotContain("FATAL EXCEPTION", n.Output);
        });

        // The cluster is unaffected: the same ring, every key at all.
        await RingProbe.WaitUntilSettledAsync(cluster[2], Members);
        Assert.Equal(epoch, (await RingProbe.RingAsync(cluster[3])).Epoch);
        await AssertEveryKeyReadsAtAllAsync(cluster, keys);

        // The shell: with the certificate (password from the environment) it works; without
        // it, or with another, it says why and exits 3 within its connect timeout.
        // (A generous connect timeout for the shell that should connect: a loaded machine is slow, not wrong.)
        var right = await RunShellAsync(cluster, ["--cluster-cert", clusterPfx, "--connect-timeout", "30"], "get tls:7 all\n");
        var none = await RunShellAsync(cluster, [], "get tls:7 all\n");
        var wrong = await RunShellAsync(cluster, ["--cluster-cert", otherPfx], "get tls:7 all\n");

        Assert.True(right.Run.ExitCode == 0, right.Run.ToString());
        Assert.Contains("tls:7 = 7", right.Run.Output);
        Assert.Equal(3, none.Run.ExitCode);
        Assert.Contains("requires mutual TLS: give --cluster-cert", none.Run.Errors);
        Assert.Equal(3, wrong.Run.ExitCode);
        Assert.Contains("not the --cluster-cert", wrong.Run.Errors);
        Assert.All(new[] { none, wrong }, r => Assert.True(r.Took < TimeSpan.FromSeconds(30), $"the shell took {r.Took} to give up"));

        // The embedded client: given the certificate it reads; without it, its start fails once its connect timeout has passed.
        await using var client = await ClientHost.StartAsync(o =>
        {
            o.DataDirectory = cluster.DataDirectory;
            o.ClusterCertificatePath = clusterPfx;
            o.ClusterCertificatePassword = TestCertificates.Password;
        });
        Assert.Equal(11, await client.Client.GetAsync<int>("tls:11", new ReadOptions { Level = ConsistencyLevel.All }));
        var refused = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ClientHost.StartAsync(o =>
        {
            o.DataDirectory = cluster.DataDirectory;
            o.ConnectTimeout = TimeSpan.FromSeconds(2);
        }));
        output.WriteLine($"client without the certificate: {error.GetType().Name} after {refused.Elapsed.TotalSeconds:0.0} s: {error.Message}");
        Assert.True(refused.Elapsed < TimeSpan.FromSeconds(30), $"the client took {refused.Elapsed} to give up");
    }

    private static async Task AssertEveryKeyReadsAtAllAsync(ProcessCluster cluster, int keys)
    {
        foreach (var i in Enumerable.Range(0, keys))
        {
            var get = await cluster[1 + (i + 1) % 3].Http.GetJsonAsync($"/keys/tls:{i}?consistency=all");
            Assert.True(get.Status == HttpStatusCode.OK && get.Int("value") == i, $"GET tls:{i} at all: {(int)get.Status} {get.Body}");
        }
    }

    /// <summary>"" while the intruder is nowhere it must not be; otherwise where it was seen.</summary>
    private static async Task<string> IntruderSeenAsync(ProcessCluster cluster, TestNode intruder)
    {
        var ring = await cluster[1].Http.GetJsonAsync("/admin/ring");
        var nodes = await cluster[2].Http.GetJsonAsync("/admin/nodes");
        var membership = await cluster[3].Http.GetJsonAsync("/admin/membership");
        var inRing = ring.Body.GetProperty("nodes").EnumerateArray().Any(n => n.GetProperty("node_id").GetString() == intruder.NodeId);
        var upInNodes = nodes.Body.GetProperty("nodes").EnumerateArray()
            .Any(n => n.GetProperty("node_id").GetString() == intruder.NodeId && n.GetProperty("status").GetString() == "up");
        var upInMembership = membership.Body.GetProperty("nodes").EnumerateArray()
            .Any(n => n.GetProperty("node_id").GetString() == intruder.NodeId && n.GetProperty("state").GetString() == "up");
        var ready = false;
        try
        {
            using var response = await intruder.Http.GetAsync("/health/ready");
            ready = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            // Not serving HTTP (yet, or any more).
        }

        return string.Join(", ", new[] { (inRing, "in the ring"), (upInNodes, "up in /admin/nodes"), (upInMembership, "up in membership"), (ready, "ready") }
            .Where(x => x.Item1).Select(x => x.Item2));
    }

    private static async Task<(ProcessRun Run, TimeSpan Took)> RunShellAsync(ProcessCluster cluster, string[] arguments, string input)
    {
        var start = SiloBinary.ShellStartInfo(["--data-dir", cluster.DataDirectory, .. arguments]);
        start.Environment[ClusterTls.PasswordVariable] = TestCertificates.Password;
        var watch = Stopwatch.StartNew();
        var run = await ProcessRun.RunAsync(start, input);
        return (run, watch.Elapsed);
    }
}
