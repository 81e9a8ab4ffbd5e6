using System.Collections.Concurrent;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>
/// What a nemesis run leaves behind when it fails, so the failure can be read afterwards:
/// TestResults/nemesis-SCHEDULE-SEED-TIME/ with summary.txt (seed, faults with their times, the
/// verdict or the error), nodeK.log (everything each node process printed, over all its
/// restarts, with whether it still runs) and history.tsv (every client operation).
/// </summary>
public sealed class NemesisRecord(string schedule, int seed)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>A line of the run's own log (faults, phases), timestamped.</summary>
    public void Log(string line) => _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    /// <summary>Writes the record; returns the directory, for the failure message.</summary>
    public string Keep(IReadOnlyList<TestNode> nodes, OperationHistory history, string outcome)
    {
        var directory = TestArtifacts.PathOf($"nemesis-{schedule}-{seed}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "summary.txt"),
            $"schedule={schedule} seed={seed} (NEMESIS_SEED={seed} replays it)\n{outcome}\n\n{string.Join('\n', _lines)}\n");
        foreach (var node in nodes)
        {
            var state = node.IsRunning ? $"running, pid {node.ProcessId}" : $"exited with code {node.ExitCode}";
            File.WriteAllText(Path.Combine(directory, $"{node.NodeId}.log"), $"# {node.NodeId}: {state}\n{node.Output}");
        }

        var tsv = new StringBuilder("key\tkind\tsequence\tlevel\tstart_ticks\tend_ticks\toutcome\tread\tdetail\n");
        foreach (var o in history.Operations.OrderBy(o => o.StartTicks))
        {
            tsv.Append($"{o.Key}\t{o.Kind}\t{o.Sequence}\t{o.Level}\t{o.StartTicks}\t{o.EndTicks}\t{o.Outcome}\t{o.Read}\t{o.Detail.ReplaceLineEndings(" ")}\n");
        }

        File.WriteAllText(Path.Combine(directory, "history.tsv"), tsv.ToString());
        return directory;
    }
}
