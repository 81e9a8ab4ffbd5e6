using System.Text;

namespace OrleansKv.Shell.Repl;

/// <summary>
/// Drawing the line: where the cursor is on a line that may wrap over several rows, in display
/// columns (<see cref="TerminalText"/>), not UTF-16 units.
/// </summary>
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

        var line = _line.ToString();
        var end = Normalize(TerminalText.Position(_prompt, line, line.Length, columns), columns);
        if (end.Wrapped)
        {
            // The terminal holds the cursor on the last column until the next character: move it
            // to the next row now so that the row arithmetic below holds.
            output.Append("\r\n");
        }

        var target = Normalize(TerminalText.Position(_prompt, line, _cursor, columns), columns);
        if (end.Row > target.Row)
        {
            output.Append($"\u001b[{end.Row - target.Row}A");
        }

        output.Append('\r');
        if (target.Column > 0)
        {
            output.Append($"\u001b[{target.Column}C");
        }

        _cursorRow = target.Row;
        terminal.Write(output.ToString());
        terminal.Flush();
    }

    /// <summary>A position at the very end of a full row is the start of the next one.</summary>
    private static (int Row, int Column, bool Wrapped) Normalize((int Row, int Column) position, int columns) =>
        position.Column >= columns && position.Column > 0
            ? (position.Row + 1, 0, true)
            : (position.Row, position.Column, false);
}
