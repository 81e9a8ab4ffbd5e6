using System.Text;

namespace OrleansKv.Shell.Repl;

/// <summary>Drawing the line: where the cursor is on a line that may wrap over several rows.</summary>
public sealed partial class LineEditor
{
    private void Refresh()
    {
        var columns = Math.Max(terminalWidth(), 10);
        var output = new StringBuilder();

        // Back to the first row of the prompt, then clear everything below before drawing.
        if (_cursorRow > 0)
        {
            output.Append($"\u001b[{_cursorRow}A");
        }

        output.Append("\r\u001b[J").Append(PromptStyle).Append(_prompt).Append(ResetStyle).Append(_line);

        var end = _prompt.Length + _line.Length;
        if (end > 0 && end % columns == 0)
        {
            // The terminal holds the cursor on the last column until the next character: move it
            // to the next row now so that the row arithmetic below holds.
            output.Append("\r\n");
        }

        var endRow = end / columns;
        var target = _prompt.Length + _cursor;
        var targetRow = target / columns;
        if (endRow > targetRow)
        {
            output.Append($"\u001b[{endRow - targetRow}A");
        }

        output.Append('\r');
        if (target % columns > 0)
        {
            output.Append($"\u001b[{target % columns}C");
        }

        _cursorRow = targetRow;
        terminal.Write(output.ToString());
        terminal.Flush();
    }
}
