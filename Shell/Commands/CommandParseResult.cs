namespace OrleansKv.Shell.Commands;

/// <summary>What a line of input parsed to: a command, nothing (blank or comment), or a one-line error.</summary>
public sealed record CommandParseResult(ShellCommand? Command, string? Error)
{
    public static CommandParseResult Empty { get; } = new(null, null);

    public bool IsEmpty => Command is null && Error is null;

    public static CommandParseResult Of(ShellCommand command) => new(command, null);

    public static CommandParseResult Fail(string error) => new(null, error);
}
