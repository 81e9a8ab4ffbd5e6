namespace OrleansKv.Shell.Rendering;

/// <summary>How a piece of text should stand out where colour is available.</summary>
public enum Tone
{
    Normal,
    Good,
    Warning,
    Bad,
    Muted,
}

/// <summary>A piece of text with its tone.</summary>
public sealed record Cell(string Text, Tone Tone = Tone.Normal)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>A labelled value, such as "acknowledged" = "2/3 (node1, node2)".</summary>
public sealed record Field(string Label, Cell Value);

public sealed record TableView(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows);

/// <summary>
/// What one result shows, independent of the terminal: a headline, labelled fields and an
/// optional table. Rich and plain renderers lay out the same view, so scripts and people see
/// the same facts.
/// </summary>
public sealed record ResultView(Cell Headline, IReadOnlyList<Field> Fields, TableView? Table = null, bool IsError = false);
