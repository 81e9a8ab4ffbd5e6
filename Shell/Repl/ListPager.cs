using OrleansKv.Shell.Execution;

namespace OrleansKv.Shell.Repl;

/// <summary>
/// The interactive shell's "more" prompt: after a page of <c>keys</c> or <c>scan</c> that is not
/// the last, asks whether to show the next one (Enter or <c>y</c>: yes; <c>q</c>, anything else,
/// Ctrl-C or Ctrl-D: stop), and lists it with the cursor the page ended with. Scripts get no
/// prompt: they print the cursor and go on.
/// </summary>
public sealed class ListPager(CommandRunner runner, Func<string, LineReadResult> ask)
{
    public const string Prompt = "-- more? [Enter: next page, q: stop] ";

    /// <summary>Pages on from <paramref name="outcome"/> while the user asks for more; returns the last outcome shown.</summary>
    public async Task<CommandOutcome?> PageAsync(CommandOutcome? outcome, CancellationToken cancellation)
    {
        while (outcome is ListOutcome { Next: { } next } && !cancellation.IsCancellationRequested)
        {
            var answer = ask(Prompt);
            if (answer.Status != LineReadStatus.Submitted || !WantsMore(answer.Text))
            {
                break;
            }

            outcome = await runner.RunAsync(next, cancellation);
        }

        return outcome;
    }

    private static bool WantsMore(string answer) => answer.Trim().ToLowerInvariant() is "" or "y" or "yes" or "more";
}
