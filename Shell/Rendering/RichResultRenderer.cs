using Spectre.Console;

namespace OrleansKv.Shell.Rendering;

/// <summary>Output for a terminal: colour by tone, fields in a grid, tables with borders (Spectre.Console).</summary>
public sealed class RichResultRenderer(IAnsiConsole console) : IResultRenderer
{
    public void Render(ResultView view)
    {
        console.MarkupLine(ToMarkup(view.Headline, bold: true));
        if (view.Fields.Count > 0)
        {
            var grid = new Grid().AddColumn(new GridColumn().PadLeft(2).PadRight(2)).AddColumn();
            foreach (var field in view.Fields)
            {
                grid.AddRow(new Markup($"[grey]{Markup.Escape(field.Label)}[/]"), new Markup(ToMarkup(field.Value)));
            }

            console.Write(grid);
        }

        if (view.Table is { } table)
        {
            var spectreTable = new Table().RoundedBorder().BorderColor(Color.Grey);
            foreach (var header in table.Headers)
            {
                spectreTable.AddColumn(new TableColumn($"[bold]{Markup.Escape(header)}[/]"));
            }

            foreach (var row in table.Rows)
            {
                spectreTable.AddRow([.. row.Select(c => new Markup(ToMarkup(c)))]);
            }

            console.Write(spectreTable);
        }
    }

    private static string ToMarkup(Cell cell, bool bold = false)
    {
        var style = cell.Tone switch
        {
            Tone.Good => "green",
            Tone.Warning => "yellow",
            Tone.Bad => "red",
            Tone.Muted => "grey",
            _ => "",
        };
        if (bold)
        {
            style = style.Length == 0 ? "bold" : $"bold {style}";
        }

        var text = Markup.Escape(cell.Text);
        return style.Length == 0 ? text : $"[{style}]{text}[/]";
    }
}
