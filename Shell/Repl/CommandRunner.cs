using OrleansKv.Shell.Commands;
using OrleansKv.Shell.Execution;
using OrleansKv.Shell.Rendering;

namespace OrleansKv.Shell.Repl;

/// <summary>Parses, runs and shows one line of input: the step shared by the prompt and by scripts.</summary>
public sealed class CommandRunner(CommandExecutor executor, IResultRenderer renderer)
{
    public CommandExecutor Executor => executor;

    /// <summary>Runs <paramref name="line"/>; the outcome is null for a blank line or a comment.</summary>
    public async Task<CommandOutcome?> RunAsync(string line, CancellationToken cancellation = default)
    {
        var parsed = CommandParser.Parse(line);
        if (parsed.IsEmpty)
        {
            return null;
        }

        var outcome = parsed.Command is { } command
            ? await executor.ExecuteAsync(command, cancellation)
            : new FailedOutcome(parsed.Error!);
        if (ResultViewBuilder.Build(outcome) is { } view)
        {
            renderer.Render(view);
        }

        return outcome;
    }
}
