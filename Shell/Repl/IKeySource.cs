namespace OrleansKv.Shell.Repl;

/// <summary>Where the line editor reads keys: the console, or a scripted sequence in tests.</summary>
public interface IKeySource
{
    ConsoleKeyInfo ReadKey();
}

/// <summary>Keys typed at the terminal, not echoed (the editor draws the line itself).</summary>
public sealed class ConsoleKeySource : IKeySource
{
    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
