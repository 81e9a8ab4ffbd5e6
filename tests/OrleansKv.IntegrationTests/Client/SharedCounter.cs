using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.IntegrationTests.Client;

/// <summary>
/// A counter and the ids of the increments that last wrote it: an increment whose outcome was
/// unknown is resolved by a serial read (after which it can no longer take effect): applied if
/// its id is listed, else not, and then it is made again.
/// </summary>
public sealed record Counter(int Count, string[] Recent);

[JsonSerializable(typeof(Counter))]
internal sealed partial class CounterJson : JsonSerializerContext;

internal sealed class SharedCounter(string key, Func<int, int, KeyValueClient> clientFor)
{
    private const int Remembered = 200;

    public async Task<CounterOutcomes> RunAsync(int clients, int increments)
    {
        var outcomes = new CounterOutcomes();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            for (var i = 0; i < increments; i++)
            {
                var id = $"{c}-{i}";
                while (!await IncrementAsync(clientFor(c, i), id, outcomes))
                {
                }
            }
        }));
        return outcomes;
    }

    /// <summary>True once the increment is applied (by this call or, it turns out, an earlier one).</summary>
    private async Task<bool> IncrementAsync(KeyValueClient client, string id, CounterOutcomes outcomes)
    {
        try
        {
            var entry = await client.UpdateAsync(
                key, counter => new Counter((counter?.Count ?? 0) + 1, [id, .. (counter?.Recent ?? []).Take(Remembered - 1)]),
                CounterJson.Default.Counter, new UpdateOptions { MaxAttempts = 1000 });
            outcomes.Applied(entry.Value.Count);
            return true;
        }
        catch (Exception e) when (e is ConsistencyNotMetException { MayHaveBeenApplied: true } or TimeoutException)
        {
            Interlocked.Increment(ref outcomes.Unknown);
            var resolved = await ResolveAsync(client, id);
            if (resolved is { } count)
            {
                outcomes.Applied(count);
            }

            return resolved is not null;
        }
    }

    /// <summary>The count the increment wrote if it was applied; null if it was not (and now never will be).</summary>
    private async Task<int?> ResolveAsync(KeyValueClient client, string id)
    {
        while (true)
        {
            try
            {
                var counter = await client.GetAsync(key, CounterJson.Default.Counter, new ReadOptions { Level = ConsistencyLevel.Serial });
                var position = Array.IndexOf(counter?.Recent ?? [], id);
                Assert.True(counter is null || position >= 0 || counter.Recent.Length < Remembered, $"increment {id} fell out of the recent ids before it was resolved");
                return position >= 0 ? counter!.Count - position : null;
            }
            catch (Exception e) when (e is ConsistencyNotMetException or TimeoutException or NodeUnavailableException)
            {
                // The serial read itself could not decide yet: it changes nothing, so ask again.
            }
        }
    }
}

internal sealed class CounterOutcomes
{
    private readonly ConcurrentBag<int> _written = [];

    public int Unknown;

    public void Applied(int count) => _written.Add(count);

    public void AssertEveryIncrementAppliedOnce(Counter final, int expected)
    {
        var counts = _written.Order().ToArray();
        var repeated = counts.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        var missing = Enumerable.Range(1, expected).Except(counts).ToArray();
        Assert.True(
            repeated.Length == 0 && missing.Length == 0 && final.Count == expected,
            $"final {final.Count} of {expected}; {Unknown} unknown outcomes resolved by serial reads; " +
            $"counts written twice: [{string.Join(", ", repeated)}]; counts no increment wrote: [{string.Join(", ", missing)}]");
    }
}
