using System.Globalization;

namespace OrleansKv.Shell.Commands;

/// <summary>The arguments of <c>keys</c> and <c>scan</c>: an optional prefix, <c>--limit N</c>, <c>--all</c>, <c>--cursor C</c>.</summary>
public static class ListFlags
{
    public const int DefaultLimit = 20;

    /// <summary>The API's most keys a page may hold.</summary>
    public const int MaxLimit = 10_000;

    public static CommandParseResult Parse(CommandSyntax syntax, string[] words, bool withValues)
    {
        string? prefix = null;
        string? cursor = null;
        var limit = DefaultLimit;
        var all = false;
        for (var i = 0; i < words.Length; i++)
        {
            switch (words[i].ToLowerInvariant())
            {
                case "--all":
                    all = true;
                    break;
                case "--limit":
                    if (i + 1 >= words.Length
                        || !int.TryParse(words[++i], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
                    {
                        return CommandParseResult.Fail($"--limit needs a number from 1 to {MaxLimit}. Usage: {syntax.Usage}");
                    }

                    break;
                case "--cursor":
                    if (i + 1 >= words.Length)
                    {
                        return CommandParseResult.Fail($"--cursor needs the cursor a listing ended with. Usage: {syntax.Usage}");
                    }

                    cursor = words[++i];
                    break;
                default:
                    if (prefix is not null)
                    {
                        return CommandParseResult.Fail($"too many arguments (quote a prefix with spaces). Usage: {syntax.Usage}");
                    }

                    prefix = words[i];
                    break;
            }
        }

        return CommandParseResult.Of(new ListCommand(prefix ?? "", limit, all, cursor, withValues));
    }
}
