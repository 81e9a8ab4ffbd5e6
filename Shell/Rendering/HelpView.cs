using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Rendering;

/// <summary>The help text, built from <see cref="CommandCatalog"/> so it cannot drift from the parser.</summary>
public static class HelpView
{
    public static ResultView Build(string? topic)
    {
        if (topic is not null && CommandCatalog.Find(topic) is { } syntax)
        {
            return new ResultView(new Cell(syntax.Usage), [new("", syntax.Summary)]);
        }

        return new ResultView(
            new Cell("Commands (case-insensitive):"),
            [
                new("levels", "one, quorum, all"),
                new("keys", "Tab completes commands, levels and node numbers; Up/Down walk the history"),
                new("Ctrl-C", "cancels the line or the running command (a ring change goes on; only the watching stops); Ctrl-D quits"),
            ],
            new TableView(
                ["usage", "what it does"],
                [.. CommandCatalog.All.Select(c => (IReadOnlyList<Cell>)[c.Usage, c.Summary])]));
    }
}
