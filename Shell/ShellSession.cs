using System.Security.Cryptography.X509Certificates;
using OrleansKv.Client;
using OrleansKv.Client.Security;
using OrleansKv.Cluster;
using OrleansKv.Errors;
using OrleansKv.Shell.Commands;
using OrleansKv.Shell.Connection;
using OrleansKv.Shell.Execution;
using OrleansKv.Shell.Rendering;
using OrleansKv.Shell.Repl;
using Spectre.Console;

namespace OrleansKv.Shell;

/// <summary>
/// One run of the shell on the process console: connect, check the start node, then serve a
/// prompt (a terminal) or run commands (-c, or stdin that is not a terminal).
/// </summary>
public sealed class ShellSession(ShellOptions options)
{
    private bool Scripted => options.Commands is not null || Console.IsInputRedirected;

    private bool Interactive => !Scripted && !Console.IsOutputRedirected;

    public async Task<int> RunAsync(CancellationToken cancellation = default)
    {
        X509Certificate2? clusterCertificate;
        try
        {
            clusterCertificate = options.ClusterCertificatePath is { } path
                ? new CertificateFile(path, options.ClusterCertificatePassword).Load("--cluster-cert")
                : null;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"orleanskv shell: {e.Message}");
            return ShellExitCodes.InvalidArguments;
        }

        ClusterConnection connection;
        try
        {
            connection = await ClusterConnector.ConnectAsync(options.Target, options.ConnectTimeout, clusterCertificate, cancellation);
        }
        catch (ClusterUnreachableException e)
        {
            await Console.Error.WriteLineAsync($"orleanskv shell: {e.Message}");
            return ShellExitCodes.ClusterUnreachable;
        }

        await using (connection)
        {
            var executor = new CommandExecutor(
                new KeyValueCluster(connection.Client), options.Node, options.RequestTimeout, TimeProvider.System)
            {
                RepairProgress = status => Console.WriteLine(
                    $"repair of {status.NodeId}: {status.RangesDone}/{status.RangesTotal} ranges, {status.KeysExchanged} keys exchanged, {status.BytesSent + status.BytesReceived} bytes"),
                RingChangeProgress = status => Console.WriteLine(DisplayText.Streaming(status)),
                TransferProgress = (what, keys) => Console.WriteLine($"{what} {keys} keys"),
            };
            if (!await CheckStartNodeAsync(executor, cancellation))
            {
                return ShellExitCodes.InvalidArguments;
            }

            var runner = new CommandRunner(executor, CreateRenderer());
            if (options.Commands is { } commands)
            {
                return await new ScriptRunner(runner).RunAsync(CommandTokenizer.SplitStatements(commands), cancellation);
            }

            if (Scripted || !Interactive)
            {
                return await new ScriptRunner(runner).RunAsync(ScriptRunner.LinesOf(Console.In), cancellation);
            }

            var history = new CommandHistory(options.HistoryFile);
            var editor = new LineEditor(
                new ConsoleKeySource(), Console.Out, history, new CommandCompleter(() => executor.KnownNodes), TerminalWidth);
            return await new ReplLoop(runner, editor, history).RunAsync(cancellation);
        }
    }

    /// <summary>
    /// Reads the ring once: an unknown --node is an error; a start node that is down, or a ring
    /// no node would describe, is only a warning (the user can switch, the node can come back).
    /// </summary>
    private async Task<bool> CheckStartNodeAsync(CommandExecutor executor, CancellationToken cancellation)
    {
        RingDescription ring;
        try
        {
            ring = await executor.ReadRingAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            var failure = FailureDescriptions.Describe(e, executor.CurrentNodeId, options.RequestTimeout);
            await Console.Error.WriteLineAsync($"warning: connected, but the ring could not be read: {failure.Message}");
            return true;
        }

        var member = ring.Nodes.FirstOrDefault(n => n.NodeId == executor.CurrentNodeId);
        if (member is null)
        {
            await Console.Error.WriteLineAsync(
                $"orleanskv shell: unknown node {options.Node} (--node): the ring has " +
                $"{string.Join(", ", ring.Nodes.Select(n => n.NodeId))}.");
            return false;
        }

        if (!member.IsUp)
        {
            await Console.Error.WriteLineAsync(
                $"warning: {member.NodeId} is down: requests will fail until it is back; 'switch N' moves to another node.");
        }

        if (Interactive)
        {
            AnsiConsole.MarkupLine(Markup.Escape(
                $"Connected to {options.Target.Description}: {ring.Nodes.Length} nodes ({ring.Nodes.Count(n => n.IsUp)} up), " +
                $"replication factor {ring.ReplicationFactor}. Type 'help' for commands, Ctrl-D to quit."));
        }

        return true;
    }

    private IResultRenderer CreateRenderer() => options.Plain || Console.IsOutputRedirected || Console.IsInputRedirected
        ? new PlainResultRenderer(Console.Out, Console.Error)
        : new RichResultRenderer(AnsiConsole.Console);

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
