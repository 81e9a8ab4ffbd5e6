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

        return parsed.Command is { } command
            ? await RunAsync(command, cancellation)
            : Show(new FailedOutcome(parsed.Error!));
    }

    /// <summary>Runs a command already parsed (the next page of a listing) and shows its outcome.</summary>
    public async Task<CommandOutcome> RunAsync(ShellCommand command, CancellationToken cancellation = default) =>
        Show(await executor.ExecuteAsync(command, cancellation));

    private CommandOutcome Show(CommandOutcome outcome)
    {
        if (ResultViewBuilder.Build(outcome) is { } view)
        {
            renderer.Render(view);
        }

        return outcome;
    }
}
