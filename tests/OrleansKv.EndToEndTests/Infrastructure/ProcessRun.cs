using System.Diagnostics;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>A program run to completion: its exit code and everything it printed.</summary>
public sealed record ProcessRun(int ExitCode, string Output, string Errors)
{
    /// <summary>
    /// Starts the program, writes <paramref name="input"/> to its standard input and closes it,
    /// and waits for it to exit; after <paramref name="timeout"/> (default 60 s) it is killed and
    /// the test fails with what it had printed.
    /// </summary>
    public static async Task<ProcessRun> RunAsync(ProcessStartInfo start, string input = "", TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not exit within {limit.TotalSeconds:0} s. Output:\n{await output}\n{await errors}");
        }

        return new ProcessRun(process.ExitCode, await output, await errors);
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
}
