using System.Diagnostics;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansKv.EndToEndTests.Membership;

/// <summary>
/// Not a check but the measurement behind docs/operations.md's failure-detection numbers, run on
/// demand (<c>ORLEANSKV_MEASURE_DETECTION=1</c>): three nodes on their own hosts (network
/// namespaces), then how long a kill -9'd node takes to be declared dead, and which pauses
/// (SIGSTOP) and network cuts of node3 it survives without being declared dead. Results go to
/// the test output and TestResults/failure-detection.txt.
/// </summary>
public sealed class FailureDetectionMeasurement(ITestOutputHelper output)
{
    private static readonly int[] FaultSeconds = [2, 3, 4, 5, 6, 7, 8, 10, 12];
    private readonly StringBuilder _results = new();

    [MeasurementFact]
    public async Task Measure_crash_detection_and_the_longest_pause_and_cut_a_live_node_survives()
    {
        await using var cluster = await MultiHostCluster.StartAsync(3);
        var node1 = cluster[1];
        var node3 = cluster[3];

        for (var i = 0; i < 5; i++)
        {
            await node3.KillAsync();
            var killed = Stopwatch.StartNew();
            await Poll.UntilAsync(async () => (await MembershipProbe.SeenByAsync(node1, "node3")).State == "down", "node1 to see the killed node3 down", TimeSpan.FromSeconds(60));
            Record($"kill -9: declared dead after {killed.Elapsed.TotalSeconds:0.00} s");
            node3.Start();
            await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(60));
        }

        foreach (var seconds in FaultSeconds)
        {
            await TryAsync(cluster, $"SIGSTOP {seconds} s", () => node3.SignalAsync("STOP"), () => node3.SignalAsync("CONT"), seconds);
        }

        foreach (var seconds in FaultSeconds)
        {
            await TryAsync(cluster, $"link cut {seconds} s", () => cluster.Network.CutAsync(3), () => cluster.Network.HealAsync(3), seconds);
        }

        await File.WriteAllTextAsync(TestArtifacts.PathOf("failure-detection.txt"), _results.ToString());
    }

    /// <summary>Applies the fault to node3 for <paramref name="seconds"/>, watching from node1; then waits until node3 is back, by itself if it was declared dead.</summary>
    private async Task TryAsync(MultiHostCluster cluster, string fault, Func<Task> apply, Func<Task> heal, int seconds)
    {
        var before = await MembershipProbe.SeenByAsync(cluster[1], "node3");
        await apply();
        var clock = Stopwatch.StartNew();
        TimeSpan? declaredDead = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (declaredDead is null && (await MembershipProbe.SeenByAsync(cluster[1], "node3")).State == "down")
            {
                declaredDead = clock.Elapsed;
            }

            await Task.Delay(100);
        }

        await heal();
        var healed = Stopwatch.StartNew();
        await Poll.UntilAsync(async () => await MembershipProbe.SeenByAsync(cluster[1], "node3") is { State: "up" } now && (declaredDead is null || now.Address != before.Address),
            $"node3 up again after {fault}", TimeSpan.FromSeconds(60));
        await cluster.WaitUntilFormedAsync(TimeSpan.FromSeconds(60));
        var after = await MembershipProbe.SeenByAsync(cluster[1], "node3");
        var outcome = after.Address == before.Address
            ? "survived (same silo generation)"
            : $"declared dead{(declaredDead is { } at ? $" after {at.TotalSeconds:0.0} s" : " (seen only after the heal)")}, back as a new generation {healed.Elapsed.TotalSeconds:0.0} s after the heal";
        Record($"{fault}: {outcome}");
    }

    private void Record(string line)
    {
        output.WriteLine(line);
        _results.AppendLine(line);
    }

    /// <summary>Runs only when asked for (ORLEANSKV_MEASURE_DETECTION=1) and where namespaces can be made.</summary>
    private sealed class MeasurementFactAttribute : FactAttribute
    {
        public MeasurementFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("ORLEANSKV_MEASURE_DETECTION") != "1")
            {
                Skip = "A measurement, not a check: run it with ORLEANSKV_MEASURE_DETECTION=1.";
            }
            else if (NamespaceNetwork.Unavailable is { } reason)
            {
                Skip = $"This measurement {reason}.";
            }
        }
    }
}
