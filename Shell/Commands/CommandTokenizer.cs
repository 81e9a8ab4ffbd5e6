using System.Text;

namespace OrleansKv.Shell.Commands;

/// <summary>
/// Splits shell input the way a POSIX shell would, minus expansions: white space separates
/// words, single quotes keep everything literally, double quotes allow \" and \\ escapes.
/// </summary>
public static class CommandTokenizer
{
    /// <summary>The words of one command line; false with an error message on an unclosed quote.</summary>
    public static bool TryTokenize(string line, out List<string> words, out string? error)
    {
        words = [];
        error = null;
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else if (open == '"' && c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                {
                    word.Append(line[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '"' or '\'')
                {
                    quote = c;
                }
                else
                {
                    word.Append(c);
                }
            }
        }

        if (quote is not null)
        {
            error = $"unclosed {(quote == '"' ? "double" : "single")} quote";
            return false;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return true;
    }

    /// <summary>Splits a script such as <c>put a 1; get a</c> at semicolons that are not inside quotes.</summary>
    public static IReadOnlyList<string> SplitStatements(string script)
    {
        var statements = new List<string>();
        var start = 0;
        char? quote = null;
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else if (open == '"' && c == '\\')
                {
                    i++;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ';')
            {
                statements.Add(script[start..i]);
                start = i + 1;
            }
        }

        statements.Add(script[start..]);
        return [.. statements.Select(s => s.Trim()).Where(s => s.Length > 0)];
    }
}
