using System.CommandLine;
using OrleansKv.Silo.Cli;
using OrleansKv.Silo.Node;

namespace OrleansKv.UnitTests.NodeCommand;

/// <summary>
/// Runs <c>OrleansKv.Silo node ARGS</c> through the real command line with a given environment,
/// up to the settings it would start the node with (the node itself is not started).
/// </summary>
public static class NodeCommandRun
{
    public sealed record Outcome(NodeSettings? Settings, int ExitCode, string Errors);

    public static async Task<Outcome> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        NodeSettings? resolved = null;
        var errors = new StringWriter();
        var command = SiloCommandLine.Build(
            name => environment?.GetValueOrDefault(name),
            (settings, _, _) =>
            {
                resolved = settings;
                return Task.FromResult(0);
            });
        var configuration = new InvocationConfiguration { Output = TextWriter.Null, Error = errors, ProcessTerminationTimeout = null };
        var exitCode = await command.Parse(["node", .. arguments]).InvokeAsync(configuration);
        return new Outcome(resolved, exitCode, errors.ToString());
    }

    /// <summary>The settings, or a failed test that shows why the command line was refused.</summary>
    public static async Task<NodeSettings> SettingsAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var outcome = await RunAsync(arguments, environment);
        return outcome.Settings ?? throw new Xunit.Sdk.XunitException(
            $"node {string.Join(' ', arguments)} was refused (exit {outcome.ExitCode}): {outcome.Errors}");
    }
}
