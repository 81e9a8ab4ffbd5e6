using OrleansKv.Contracts;
using OrleansKv.Versioning;

namespace OrleansKv.Shell.Commands;

/// <summary>
/// The condition options of <c>put</c> and <c>delete</c>: <c>--if-version V</c> (the key holds
/// version V, as get shows it) and, for put, <c>--if-absent</c>. A conditional write runs at
/// serial unless a level is given (which the cluster then refuses, saying why).
/// </summary>
public static class ConditionFlags
{
    /// <summary>Takes the condition options out of <paramref name="words"/>; the rest is returned in order.</summary>
    public static bool TryExtract(string[] words, bool allowAbsent, out string[] rest, out WriteCondition? condition, out string? error)
    {
        var kept = new List<string>(words.Length);
        condition = null;
        error = null;
        rest = [];
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word == "--")
            {
                kept.AddRange(words.Skip(i));
                break;
            }

            WriteCondition? found;
            switch (word.ToLowerInvariant())
            {
                case "--if-version":
                    if (i + 1 >= words.Length || !ValueVersion.TryParse(words[i + 1], out var version))
                    {
                        error = "--if-version needs a version as get shows it (<timestamp>@<node>)";
                        return false;
                    }

                    i++;
                    found = WriteCondition.Version(version);
                    break;
                case "--if-absent" when allowAbsent:
                    found = WriteCondition.Absent;
                    break;
                default:
                    kept.Add(word);
                    continue;
            }

            if (condition is not null)
            {
                error = "give one condition: --if-version V or --if-absent";
                return false;
            }

            condition = found;
        }

        rest = [.. kept];
        return true;
    }
}
