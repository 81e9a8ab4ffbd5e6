using System.Text;

namespace OrleansKv.Shell.Repl;

/// <summary>
/// A single-line editor for the prompt: cursor movement, history, Tab completion, Ctrl-C to
/// drop the line and Ctrl-D to quit. It redraws the whole line on each key with ANSI cursor
/// codes, following linenoise's multi-line refresh so that lines wider than the terminal wrap
/// correctly.
/// </summary>
/// <remarks>
/// Written here rather than taken from RadLine: RadLine 0.6.0 (the last release) is built
/// against Spectre.Console 0.43 and fails to load with 0.57 (Spectre.Console.Style moved to
/// another assembly), and it leaves Ctrl-C to the terminal.
/// </remarks>
public sealed partial class LineEditor(
    IKeySource keys, TextWriter terminal, CommandHistory history, CommandCompleter completer, Func<int> terminalWidth)
{
    private const string PromptStyle = "\u001b[1;36m";
    private const string ResetStyle = "\u001b[0m";

    private readonly StringBuilder _line = new();
    private string _prompt = "";
    private int _cursor;
    private int _cursorRow;
    private int _historyIndex;
    private string _unsubmitted = "";
    private char? _pendingHighSurrogate;

    /// <summary>Reads one line after showing <paramref name="prompt"/>.</summary>
    public LineReadResult ReadLine(string prompt)
    {
        _prompt = prompt;
        _line.Clear();
        _cursor = 0;
        _cursorRow = 0;
        _historyIndex = history.Entries.Count;
        _unsubmitted = "";
        _pendingHighSurrogate = null;
        Refresh();
        while (true)
        {
            var key = keys.ReadKey();
            if (HandleKey(key) is { } result)
            {
                return result;
            }
        }
    }

    private LineReadResult? HandleKey(ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        if (key.KeyChar == '\u0003')
        {
            return Finish(LineReadStatus.Cancelled, "^C");
        }

        if (key.KeyChar == '\u0004')
        {
            key = new ConsoleKeyInfo(key.KeyChar, ConsoleKey.D, shift: false, alt: false, control: control = true);
        }

        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return Finish(LineReadStatus.Submitted, "");
            case ConsoleKey.C when control:
                return Finish(LineReadStatus.Cancelled, "^C");
            case ConsoleKey.D when control:
                if (_line.Length == 0)
                {
                    return Finish(LineReadStatus.EndOfInput, "");
                }

                Delete();
                break;
            case ConsoleKey.Tab:
                Complete();
                break;
            case ConsoleKey.Backspace:
                Backspace();
                break;
            case ConsoleKey.Delete:
                Delete();
                break;
            case ConsoleKey.LeftArrow:
            case ConsoleKey.B when control:
                MoveTo(TerminalText.PreviousBoundary(_line.ToString(), _cursor));
                break;
            case ConsoleKey.RightArrow:
            case ConsoleKey.F when control:
                MoveTo(TerminalText.NextBoundary(_line.ToString(), _cursor));
                break;
            case ConsoleKey.Home:
            case ConsoleKey.A when control:
                MoveTo(0);
                break;
            case ConsoleKey.End:
            case ConsoleKey.E when control:
                MoveTo(_line.Length);
                break;
            case ConsoleKey.UpArrow:
            case ConsoleKey.P when control:
                WalkHistory(-1);
                break;
            case ConsoleKey.DownArrow:
            case ConsoleKey.N when control:
                WalkHistory(+1);
                break;
            case ConsoleKey.U when control:
                _line.Remove(0, _cursor);
                _cursor = 0;
                Refresh();
                break;
            case ConsoleKey.K when control:
                _line.Length = _cursor;
                Refresh();
                break;
            case ConsoleKey.W when control:
                DeleteWordBeforeCursor();
                break;
            case ConsoleKey.L when control:
                terminal.Write("\u001b[H\u001b[2J");
                _cursorRow = 0;
                Refresh();
                break;
            default:
                if (!control && key.KeyChar != '\0' && !char.IsControl(key.KeyChar))
                {
                    Type(key.KeyChar);
                }

                break;
        }

        return null;
    }

    /// <summary>The line as typed so far (for tests).</summary>
    internal string CurrentText => _line.ToString();

    private LineReadResult Finish(LineReadStatus status, string echo)
    {
        MoveTo(_line.Length);
        terminal.Write(echo + "\r\n");
        terminal.Flush();
        return new LineReadResult(status, status == LineReadStatus.Submitted ? _line.ToString() : "");
    }

    /// <summary>
    /// A typed character. A character outside the BMP arrives as two keys (a surrogate pair):
    /// the first is held until the second, so the line never holds half a character.
    /// </summary>
    private void Type(char c)
    {
        if (char.IsHighSurrogate(c))
        {
            _pendingHighSurrogate = c;
            return;
        }

        if (char.IsLowSurrogate(c))
        {
            if (_pendingHighSurrogate is { } high)
            {
                _pendingHighSurrogate = null;
                Insert(string.Concat(high, c));
            }

            return;
        }

        _pendingHighSurrogate = null;
        Insert(c.ToString());
    }

    private void Insert(string text)
    {
        _line.Insert(_cursor, text);
        _cursor += text.Length;
        Refresh();
    }

    /// <summary>Deletes the whole text element before the cursor (an emoji, a letter with its accents).</summary>
    private void Backspace()
    {
        if (_cursor == 0) return;
        var start = TerminalText.PreviousBoundary(_line.ToString(), _cursor);
        _line.Remove(start, _cursor - start);
        _cursor = start;
        Refresh();
    }

    private void Delete()
    {
        if (_cursor >= _line.Length) return;
        var end = TerminalText.NextBoundary(_line.ToString(), _cursor);
        _line.Remove(_cursor, end - _cursor);
        Refresh();
    }

    private void DeleteWordBeforeCursor()
    {
        var start = _cursor;
        while (start > 0 && char.IsWhiteSpace(_line[start - 1])) start--;
        while (start > 0 && !char.IsWhiteSpace(_line[start - 1])) start--;
        _line.Remove(start, _cursor - start);
        _cursor = start;
        Refresh();
    }

    private void MoveTo(int position)
    {
        var clamped = Math.Clamp(position, 0, _line.Length);
        if (clamped == _cursor) return;
        _cursor = clamped;
        Refresh();
    }

    private void WalkHistory(int step)
    {
        var target = _historyIndex + step;
        if (target < 0 || target > history.Entries.Count) return;
        if (_historyIndex == history.Entries.Count)
        {
            _unsubmitted = _line.ToString();
        }

        _historyIndex = target;
        _line.Clear().Append(target == history.Entries.Count ? _unsubmitted : history.Entries[target]);
        _cursor = _line.Length;
        Refresh();
    }

    private void Complete()
    {
        var completion = completer.Complete(_line.ToString(0, _cursor));
        var typed = _line.ToString(completion.ReplaceFrom, _cursor - completion.ReplaceFrom);
        switch (completion.Candidates.Count)
        {
            case 0:
                return;
            case 1:
                ReplaceWord(completion.ReplaceFrom, completion.Candidates[0] + " ");
                return;
        }

        var common = CommonPrefix(completion.Candidates);
        if (common.Length > typed.Length)
        {
            ReplaceWord(completion.ReplaceFrom, common);
            return;
        }

        // Nothing more to add: list the choices under the line, then draw the line again.
        MoveTo(_line.Length);
        terminal.Write("\r\n" + string.Join("  ", completion.Candidates) + "\r\n");
        _cursorRow = 0;
        Refresh();
    }

    private void ReplaceWord(int from, string replacement)
    {
        _line.Remove(from, _cursor - from).Insert(from, replacement);
        _cursor = from + replacement.Length;
        Refresh();
    }

    private static string CommonPrefix(IReadOnlyList<string> words)
    {
        var prefix = words[0];
        foreach (var word in words.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < word.Length &&
                   char.ToLowerInvariant(prefix[length]) == char.ToLowerInvariant(word[length]))
            {
                length++;
            }

            prefix = prefix[..length];
        }

        return prefix;
    }
}
