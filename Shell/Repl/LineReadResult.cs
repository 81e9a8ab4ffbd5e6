namespace OrleansKv.Shell.Repl;

public enum LineReadStatus
{
    /// <summary>Enter: <see cref="LineReadResult.Text"/> holds the line.</summary>
    Submitted,

    /// <summary>Ctrl-C: the line was dropped.</summary>
    Cancelled,

    /// <summary>Ctrl-D on an empty line: the user is done.</summary>
    EndOfInput,
}

public sealed record LineReadResult(LineReadStatus Status, string Text = "");
