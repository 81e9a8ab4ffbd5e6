using OrleansKv.Shell.Execution;

namespace OrleansKv.Shell.Repl;

/// <summary>
/// Runs commands without a prompt (stdin that is not a terminal, or -c): every command runs, even
/// after one fails, and the exit code is 0 only if all succeeded. 'quit' stops early.
/// </summary>
public sealed class ScriptRunner(CommandRunner runner)
{
    public async Task<int> RunAsync(IEnumerable<string> lines, CancellationToken cancellation = default)
    {
        var failed = false;
        foreach (var line in lines)
        {
            cancellation.ThrowIfCancellationRequested();
            var outcome = await runner.RunAsync(line, cancellation);
            if (outcome is QuitOutcome)
            {
                break;
            }

            failed |= outcome is { Succeeded: false };
        }

        return failed ? ShellExitCodes.CommandFailed : ShellExitCodes.Success;
    }

    /// <summary>The lines of a reader, read lazily so that a pipe is served as it is written.</summary>
    public static IEnumerable<string> LinesOf(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
