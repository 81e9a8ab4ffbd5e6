using OrleansKv.Consistency;
using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Repl;

/// <summary>The word being completed starts at <see cref="ReplaceFrom"/>; <see cref="Candidates"/> may replace it.</summary>
public sealed record Completion(int ReplaceFrom, IReadOnlyList<string> Candidates);

/// <summary>
/// Tab completion: command words first, then the argument the command expects at the cursor
/// (a consistency level, a node number, a command name for help). Keys are not completed.
/// </summary>
public sealed class CommandCompleter(Func<IReadOnlyList<int>> knownNodes)
{
    public Completion Complete(string textBeforeCursor)
    {
        var start = textBeforeCursor.Length;
        while (start > 0 && !char.IsWhiteSpace(textBeforeCursor[start - 1]))
        {
            start--;
        }

        var partial = textBeforeCursor[start..];
        if (!CommandTokenizer.TryTokenize(textBeforeCursor[..start], out var before, out _))
        {
            return new Completion(start, []); // Inside a quoted value.
        }

        IEnumerable<string> options = before.Count == 0 ? CommandCatalog.Words : ArgumentOptions(before);
        return new Completion(
            start,
            [.. options.Where(o => o.StartsWith(partial, StringComparison.OrdinalIgnoreCase))]);
    }

    private IEnumerable<string> ArgumentOptions(List<string> before)
    {
        var syntax = CommandCatalog.Find(before[0]);
        var index = before.Count - 1;
        if (syntax is null)
        {
            return [];
        }

        if (syntax.LevelArgument == index)
        {
            return ConsistencyLevels.Names;
        }

        if (syntax.NodeArgument == index)
        {
            return knownNodes().Select(n => n.ToString());
        }

        return syntax == CommandCatalog.Help && index == 0 ? CommandCatalog.Words : [];
    }
}
