namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; never a fixed sleep.</summary>
public static class Poll
{
    public static Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null) =>
        UntilAsync(async () => await condition() ? null : "", awaited, timeout);

    /// <summary>
    /// Polls <paramref name="unmet"/> until it returns null (the condition holds); otherwise it
    /// returns what it saw instead, which a timeout reports.
    /// </summary>
    public static async Task UntilAsync(Func<Task<string?>> unmet, string awaited, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        string seen = "";
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
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
                last = ex.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"Timed out waiting for {awaited}.{(seen.Length > 0 ? " Last seen: " + seen : "")}{(last.Length > 0 ? " Last error: " + last : "")}");
    }
}
