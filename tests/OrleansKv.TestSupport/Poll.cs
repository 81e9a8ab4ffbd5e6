using System.Diagnostics;

namespace OrleansKv.TestSupport;

/// <summary>
/// Polls a condition until it holds or a deadline passes; never a fixed sleep. A timeout says
/// what was awaited, how long and how often it was checked, what was last seen and the last error.
/// </summary>
public static class Poll
{
    /// <summary>How long a poll waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null) =>
        UntilAsync(async () => await condition() ? null : "the condition did not hold", awaited, timeout);

    /// <summary>
    /// Polls <paramref name="unmet"/> until it returns null (the condition holds); otherwise it
    /// returns what it saw instead, which a timeout reports.
    /// </summary>
    public static async Task UntilAsync(Func<Task<string?>> unmet, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var checks = 0;
        string seen = "";
        string error = "";
        while (true)
        {
            checks++;
            try
            {
                if (await unmet() is not { } instead)
                {
                    return;
                }

                seen = instead;
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (clock.Elapsed >= limit)
            {
                break;
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException(
            $"Timed out after {limit.TotalSeconds:0.#} s ({checks} checks) waiting for {awaited}." +
            (seen.Length > 0 ? " Last seen: " + seen + "." : "") +
            (error.Length > 0 ? " Last error: " + error : ""));
    }
}
