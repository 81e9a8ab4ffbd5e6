using System.Globalization;
using System.Text;

namespace OrleansKv.Shell.Repl;

/// <summary>
/// How text occupies a terminal: the line editor moves and deletes by text element (a user-
/// perceived character: a surrogate pair, a letter with combining marks, an emoji sequence),
/// and places the cursor by display width (East Asian wide characters and emoji take two
/// columns, combining marks none), as wcwidth does.
/// </summary>
public static class TerminalText
{
    /// <summary>Start of the text element that ends at <paramref name="index"/> (where Backspace and Left go).</summary>
    public static int PreviousBoundary(string text, int index)
    {
        var previous = 0;
        foreach (var boundary in Boundaries(text))
        {
            if (boundary >= index)
            {
                break;
            }

            previous = boundary;
        }

        return previous;
    }

    /// <summary>End of the text element that starts at <paramref name="index"/> (where Delete and Right go).</summary>
    public static int NextBoundary(string text, int index) =>
        index >= text.Length ? text.Length : index + StringInfo.GetNextTextElementLength(text, index);

    /// <summary>Columns a string takes on a terminal, text element by text element.</summary>
    public static int Width(string text)
    {
        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            width += ElementWidth(elements.GetTextElement());
        }

        return width;
    }

    /// <summary>
    /// Row and column (0-based) where the text before <paramref name="index"/> of <paramref name="line"/>
    /// ends after <paramref name="prompt"/>, on a terminal <paramref name="columns"/> wide. A wide
    /// element that does not fit at the end of a row starts the next one, as terminals do.
    /// </summary>
    public static (int Row, int Column) Position(string prompt, string line, int index, int columns)
    {
        var row = 0;
        var column = 0;
        void Advance(int width)
        {
            if (column + width > columns)
            {
                row++;
                column = 0;
            }

            column += width;
        }

        var promptElements = StringInfo.GetTextElementEnumerator(prompt);
        while (promptElements.MoveNext())
        {
            Advance(ElementWidth(promptElements.GetTextElement()));
        }

        var elements = StringInfo.GetTextElementEnumerator(line[..index]);
        while (elements.MoveNext())
        {
            Advance(ElementWidth(elements.GetTextElement()));
        }

        return (row, column);
    }

    /// <summary>The columns of one text element: its first scalar's, or two when it asks for emoji presentation.</summary>
    public static int ElementWidth(string element)
    {
        if (element.Length == 0)
        {
            return 0;
        }

        var first = Rune.GetRuneAt(element, 0);
        if (element.Contains('\uFE0F') || element.Contains('\u200D'))
        {
            return 2; // emoji presentation selector or a joined emoji sequence
        }

        return RuneWidth(first);
    }

    private static int RuneWidth(Rune rune)
    {
        var value = rune.Value;
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            || value == 0)
        {
            return 0;
        }

        if (category == UnicodeCategory.Control)
        {
            return 0;
        }

        return IsWide(value) ? 2 : 1;
    }

    /// <summary>East Asian Wide and Fullwidth ranges, and the emoji blocks terminals draw two columns wide.</summary>
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F            // Hangul Jamo initials
            or >= 0x231A and <= 0x231B          // watch, hourglass
            or >= 0x23E9 and <= 0x23EC
            or 0x23F0 or 0x23F3
            or >= 0x25FD and <= 0x25FE
            or >= 0x2614 and <= 0x2615
            or >= 0x2648 and <= 0x2653
            or 0x267F or 0x2693 or 0x26A1 or 0x26AA or 0x26AB or 0x26BD or 0x26BE or 0x26C4 or 0x26C5 or 0x26CE or 0x26D4 or 0x26EA
            or 0x26F2 or 0x26F3 or 0x26F5 or 0x26FA or 0x26FD or 0x2705 or 0x270A or 0x270B or 0x2728 or 0x274C or 0x274E
            or >= 0x2753 and <= 0x2755
            or 0x2757
            or >= 0x2795 and <= 0x2797
            or 0x27B0 or 0x27BF or 0x2B1B or 0x2B1C or 0x2B50 or 0x2B55
            or >= 0x2E80 and <= 0x303E          // CJK radicals, punctuation
            or >= 0x3041 and <= 0x33FF          // kana, CJK compatibility
            or >= 0x3400 and <= 0x4DBF          // CJK extension A
            or >= 0x4E00 and <= 0x9FFF          // CJK unified ideographs
            or >= 0xA000 and <= 0xA4CF          // Yi
            or >= 0xA960 and <= 0xA97F
            or >= 0xAC00 and <= 0xD7A3          // Hangul syllables
            or >= 0xF900 and <= 0xFAFF          // CJK compatibility ideographs
            or >= 0xFE10 and <= 0xFE19
            or >= 0xFE30 and <= 0xFE6F
            or >= 0xFF00 and <= 0xFF60          // fullwidth forms
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F004 and <= 0x1F004
            or 0x1F0CF or 0x1F18E
            or >= 0x1F191 and <= 0x1F19A
            or >= 0x1F1E6 and <= 0x1F1FF        // regional indicators (a flag is a pair)
            or >= 0x1F200 and <= 0x1F251
            or >= 0x1F300 and <= 0x1F64F        // pictographs, emoticons
            or >= 0x1F680 and <= 0x1F6FF        // transport and map
            or >= 0x1F7E0 and <= 0x1F7EB
            or >= 0x1F90C and <= 0x1F9FF        // supplemental symbols and pictographs
            or >= 0x1FA70 and <= 0x1FAFF
            or >= 0x20000 and <= 0x2FFFD        // CJK extensions B..
            or >= 0x30000 and <= 0x3FFFD;

    private static IEnumerable<int> Boundaries(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            yield return index;
            index += StringInfo.GetNextTextElementLength(text, index);
        }

        yield return text.Length;
    }
}
