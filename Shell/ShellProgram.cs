using System.CommandLine;

namespace OrleansKv.Shell;

/// <summary>
/// The shell's entry point, for <c>Main</c> and for processes that embed the shell (the Silo
/// launcher runs it on node 1 after starting a cluster). It never calls Environment.Exit and
/// leaves Ctrl-C to the session, so the host process keeps running after the shell returns.
/// </summary>
public static class ShellProgram
{
    /// <summary>Runs the shell with command-line <paramref name="args"/>; returns the exit code (see <see cref="ShellExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellation = default)
    {
        var commandLine = new ShellCommandLine();
        var parsed = commandLine.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"orleanskv shell: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Try '--help'.");
            return ShellExitCodes.InvalidArguments;
        }

        commandLine.Root.SetAction((result, token) => RunAsync(commandLine.ToOptions(result), token));

        // No ProcessTerminationTimeout: System.CommandLine would otherwise take over Ctrl-C.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellation);
    }

    /// <summary>Runs the shell with options built in code; returns the exit code.</summary>
    public static Task<int> RunAsync(ShellOptions options, CancellationToken cancellation = default) =>
        new ShellSession(options).RunAsync(cancellation);
}
