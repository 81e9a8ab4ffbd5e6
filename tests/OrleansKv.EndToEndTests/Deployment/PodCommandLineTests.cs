using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using Orleans.Runtime;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Deployment;

/// <summary>
/// A real node started the way the StatefulSet starts it: the image's entrypoint after the
/// program, the container's args, and its environment filled in as Kubernetes fills it (pod name,
/// pod IP, the Secret's connection string pointing at a real PostgreSQL). Only the data directory
/// and the ports are replaced, by a temporary directory and free ports: the manifest's fixed ports
/// could clash with other clusters on this machine. The unit tests (DeploymentFileTests) check
/// those against the manifest without a process.
/// </summary>
public sealed class PodCommandLineTests
{
    // Stands for the pod IP: a loopback address other than 127.0.0.1, which the kubelet's probes
    // (and peers) dial, while the node binds every address.
    private const string PodIp = "127.0.0.2";

    private static readonly string[] PortOptions = ["--http-port", "--silo-port", "--gateway-port"];

    [Fact]
    public async Task A_node_run_as_the_statefulset_runs_it_answers_every_probe_and_leaves_the_cluster_on_sigterm()
    {
        var files = DeploymentFiles.Load();
        var pod = files.StatefulSet;
        var container = pod.Container;
        await using var postgres = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-pod-" + Guid.NewGuid().ToString("N"));
        var ports = new Dictionary<int, int>();
        var arguments = WithLocalDataAndPorts([.. files.Dockerfile.Entrypoint.Skip(1), .. container.Args], dataDirectory, ports);
        var start = SiloBinary.StartInfo(arguments);
        var environment = container.Environment(
            field => field switch
            {
                "metadata.name" => pod.PodName(0),
                "status.podIP" => PodIp,
                _ => throw new Xunit.Sdk.XunitException($"The test does not know the downward API field {field}."),
            },
            (_, _) => postgres.ConnectionString);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var node = Process.Start(start)!;
        var output = Task.WhenAll(node.StandardOutput.ReadToEndAsync(), node.StandardError.ReadToEndAsync());
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var probe in container.Probes)
            {
                var url = $"http://{PodIp}:{ports[container.PortNumber(probe.Port)]}{probe.Path}";
                await Poll.UntilAsync(
                    async () => !node.HasExited ? await AnswersOkAsync(http, url) : throw new InvalidOperationException($"the node exited with code {node.ExitCode}"),
                    $"the {probe.Kind} {url} to answer 200", TimeSpan.FromSeconds(90));
            }

            var httpPort = ports[container.Ports["http"]];
            var siloPort = ports[container.Ports["silo"]];
            using var live = JsonDocument.Parse(await http.GetStringAsync($"http://{PodIp}:{httpPort}/health/live"));
            // 127.0.0.1 is not the advertised address: the node listens on every address.
            using var status = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{httpPort}/admin/status"));
            Assert.Equal("node1", live.RootElement.GetProperty("node_id").GetString());
            Assert.StartsWith($"S{PodIp}:{siloPort}:", status.RootElement.GetProperty("address").GetString());
            Assert.Equal($"http://{PodIp}:{httpPort}", status.RootElement.GetProperty("http_url").GetString());
            Assert.Equal([("node1", PodIp, siloPort, (int)SiloStatus.Active)], await MembershipRowsAsync(postgres.ConnectionString));
            Assert.False(File.Exists(Path.Combine(dataDirectory, "membership.db")), "The node kept membership in SQLite, not in the Secret's PostgreSQL.");
            Assert.True(Directory.Exists(Path.Combine(dataDirectory, "node1")), $"node1 keeps no data under the mounted data directory {dataDirectory}.");

            var grace = TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds ?? 30);
            var stopping = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", node.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            using (var deadline = new CancellationTokenSource(grace))
            {
                try
                {
                    await node.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new Xunit.Sdk.XunitException($"SIGTERM: the node was still running after the pod's grace period ({grace.TotalSeconds:0} s), when Kubernetes kills it.");
                }
            }

            Assert.True(node.ExitCode == 0, $"SIGTERM: exit code {node.ExitCode} after {stopping.Elapsed.TotalSeconds:0.0} s.");
            // Dead, not Active: the node told the cluster it left; a crashed node's row stays Active until peers vote it dead.
            Assert.Equal([("node1", PodIp, siloPort, (int)SiloStatus.Dead)], await MembershipRowsAsync(postgres.ConnectionString));
        }
        catch (Exception ex)
        {
            if (!node.HasExited)
            {
                node.Kill();
            }

            var (stdout, stderr) = await Printed(output);
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nNode command line: {string.Join(' ', arguments)}\nOutput:\n{stdout}\n{stderr}");
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }

            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    /// <summary>The pod's arguments with the data directory and each port replaced; <paramref name="ports"/> maps manifest port to local port.</summary>
    private static List<string> WithLocalDataAndPorts(List<string> arguments, string dataDirectory, Dictionary<int, int> ports)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == "--data-dir")
            {
                arguments[i + 1] = dataDirectory;
            }
            else if (PortOptions.Contains(arguments[i]))
            {
                var local = FreePorts.Next();
                ports[int.Parse(arguments[i + 1])] = local;
                arguments[i + 1] = local.ToString();
            }
        }

        Assert.True(arguments.Contains(dataDirectory) && ports.Count == PortOptions.Length,
            $"The pod's command line must set --data-dir and {string.Join(", ", PortOptions)} (fixed ports, one pod template): {string.Join(' ', arguments)}");
        return arguments;
    }

    private static async Task<bool> AnswersOkAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<List<(string Name, string Address, int Port, int Status)>> MembershipRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT SiloName, Address, Port, Status FROM OrleansMembershipTable", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<(string, string, int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return rows;
    }

    private static async Task<(string Output, string Errors)> Printed(Task<string[]> output)
    {
        var printed = await output.WaitAsync(TimeSpan.FromSeconds(10));
        return (printed[0], printed[1]);
    }
}
