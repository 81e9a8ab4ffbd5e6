namespace OrleansKv.Shell;

/// <summary>Exception messages cut to what fits one line of the shell's output.</summary>
internal static class MessageText
{
    public static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).TrimEnd('.', ' ');
    }
}
