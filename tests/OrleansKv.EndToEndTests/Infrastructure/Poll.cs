namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; never a fixed sleep.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                last = ex.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Timed out waiting for {awaited}.{(last.Length > 0 ? " Last error: " + last : "")}");
    }
}
