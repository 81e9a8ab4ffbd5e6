using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>
/// A node the cluster declares dead while its process still runs (frozen with SIGSTOP for longer
/// than failure detection allows) comes back by itself as a new silo generation, in the same
/// process, with its data; the launcher's <c>--cluster</c> shows the comeback.
/// </summary>
public sealed partial class ComebackTests(ITestOutputHelper output)
{
    // The default ports shifted, as the quick start test does, clear of the other launcher tests.
    private const int PortOffset = 1900;
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_declared_dead_while_running_comes_back_by_itself_as_a_new_generation_with_its_data()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanskv-comeback-" + Guid.NewGuid().ToString("N"));
        using var launcher = CapturedProcess.Start(SiloBinary.StartInfo(["--cluster", "--data-dir", dataDirectory, "--port-offset", PortOffset.ToString()]));
        using var node1 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{8001 + PortOffset}"), Timeout = TimeSpan.FromSeconds(10) };
        using var node2 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{8002 + PortOffset}"), Timeout = TimeSpan.FromSeconds(10) };
        var pid = 0;
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(launcher.Output.Contains("Press Ctrl-C")), "the launcher to report the cluster ready", TimeSpan.FromSeconds(90));
            pid = int.Parse(NodeRow().Match(launcher.Output).Groups[1].Value);
            var put = await node1.PutAsync("/keys/comeback", """{"value": "kept", "consistency": "all"}""");
            Assert.True(put.Status == HttpStatusCode.OK, $"PUT at all: {(int)put.Status} {put.Body}");
            var before = await MembershipProbe.SeenByAsync(node1, "node2");
            Assert.Equal("up", before.State);

            // Frozen until node1 has declared it dead: longer than any cut or pause it survives.
            await SignalAsync("STOP", pid);
            var frozen = Stopwatch.StartNew();
            await Poll.UntilAsync(async () => (await MembershipProbe.SeenByAsync(node1, "node2")).State == "down", "node1 to declare the frozen node2 dead", TimeSpan.FromSeconds(60));
            output.WriteLine($"node2 declared dead {frozen.Elapsed.TotalSeconds:0.0} s after SIGSTOP");
            await SignalAsync("CONT", pid);
            var resumed = Stopwatch.StartNew();

            await Poll.UntilAsync(
                async () =>
                {
                    var seen = await MembershipProbe.SeenByAsync(node1, "node2");
                    return seen.State == "up" && seen.Address != before.Address ? null : $"node2 {seen.State} at {seen.Address}";
                },
                "node1 to see node2 up again as a new silo generation", BackWithin);
            await Poll.UntilAsync(async () => (await node2.GetAsync("/health/ready")).IsSuccessStatusCode, "node2 to be ready again", BackWithin - resumed.Elapsed);
            output.WriteLine($"node2 back {resumed.Elapsed.TotalSeconds:0.0} s after SIGCONT");

            // The same process, never aborted; its own copy of the key is still there.
            using var process = Process.GetProcessById(pid);
            Assert.False(process.HasExited);
            var read = await node2.GetJsonAsync("/keys/comeback?consistency=one");
            Assert.True(read.Status == HttpStatusCode.OK && read.Text("value") == "kept", $"GET at one from node2: {(int)read.Status} {read.Body}");
            Assert.Equal("node2", read.Text("source_node"));

            var log = await File.ReadAllTextAsync(Path.Combine(dataDirectory, "node2", "node.log"));
            Assert.DoesNotContain("FATAL EXCEPTION", log);
            Assert.Contains("NodeHost[8002] node2 (silo", launcher.Output);
            Assert.Contains("NodeHost[8003] node2 is back as silo", launcher.Output);
            Assert.DoesNotContain("exited with code", launcher.Output);
        }
        finally
        {
            if (pid > 0)
            {
                await SignalAsync("CONT", pid);
            }

            using var term = Process.Start("kill", ["-TERM", launcher.Process.Id.ToString()]);
            await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try
            {
                await launcher.Process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                launcher.Process.Kill(entireProcessTree: true);
            }

            output.WriteLine(launcher.Output);
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

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        await kill.WaitForExitAsync();
    }

    // The launcher's table: "node2   PID   http://...".
    [GeneratedRegex(@"^node2\s+(\d+)\s+http", RegexOptions.Multiline)]
    private static partial Regex NodeRow();
}
