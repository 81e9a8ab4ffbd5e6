using System.Text;

namespace OrleansKv.Shell.Rendering;

/// <summary>
/// Output for scripts and pipes: no colour, no control codes, one fact per line. The headline
/// stands alone; fields follow as "  label value"; tables as space-aligned columns. Errors go
/// to the error writer so that stdout holds only results.
/// </summary>
public sealed class PlainResultRenderer(TextWriter output, TextWriter error) : IResultRenderer
{
    public void Render(ResultView view)
    {
        var text = new StringBuilder();
        text.AppendLine(view.Headline.Text);
        foreach (var field in view.Fields)
        {
            text.AppendLine(field.Label.Length == 0 ? $"  {field.Value.Text}" : $"  {field.Label} {field.Value.Text}");
        }

        if (view.Table is { } table)
        {
            AppendTable(text, table);
        }

        var writer = view.IsError ? error : output;
        writer.Write(text.ToString());
        writer.Flush();
    }

    private static void AppendTable(StringBuilder text, TableView table)
    {
        var widths = table.Headers.Select((h, i) => table.Rows.Select(r => r[i].Text.Length).Prepend(h.Length).Max()).ToArray();
        AppendRow(text, table.Headers, widths);
        foreach (var row in table.Rows)
        {
            AppendRow(text, [.. row.Select(c => c.Text)], widths);
        }
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var line = string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
        text.Append("  ").AppendLine(line.TrimEnd());
    }
}
