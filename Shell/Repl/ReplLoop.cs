using OrleansKv.Shell.Execution;

namespace OrleansKv.Shell.Repl;

/// <summary>
/// The interactive prompt <c>kvstore[N]&gt;</c>. While a line is edited, Ctrl-C is a key (it
/// drops the line); while a command runs, Ctrl-C cancels that command and the shell stays.
/// </summary>
public sealed class ReplLoop(CommandRunner runner, LineEditor editor, CommandHistory history)
{
    private CancellationTokenSource? _running;

    public async Task<int> RunAsync(CancellationToken cancellation = default)
    {
        var pager = new ListPager(runner, ReadLine);
        var treatControlCAsInput = Console.TreatControlCAsInput;
        Console.CancelKeyPress += CancelRunningCommand;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var input = ReadLine($"kvstore[{runner.Executor.CurrentNode}]> ");
                if (input.Status == LineReadStatus.EndOfInput)
                {
                    break;
                }

                if (input.Status == LineReadStatus.Cancelled)
                {
                    continue;
                }

                history.Add(input.Text);
                CommandOutcome? outcome;
                using (var running = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
                {
                    Volatile.Write(ref _running, running);
                    outcome = await pager.PageAsync(await runner.RunAsync(input.Text, running.Token), running.Token);
                    Volatile.Write(ref _running, null);
                }

                if (outcome is QuitOutcome)
                {
                    break;
                }
            }
        }
        finally
        {
            Console.CancelKeyPress -= CancelRunningCommand;
            Console.TreatControlCAsInput = treatControlCAsInput;
        }

        return ShellExitCodes.Success;
    }

    private LineReadResult ReadLine(string prompt)
    {
        Console.TreatControlCAsInput = true;
        try
        {
            return editor.ReadLine(prompt);
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }

    private void CancelRunningCommand(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        try
        {
            Volatile.Read(ref _running)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command finished as Ctrl-C arrived.
        }
    }
}
