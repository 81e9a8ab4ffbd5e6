using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using Xunit;

namespace OrleansKv.TestSupport.Workloads;

/// <summary>
/// A counter and the ids of every increment applied to it, newest first: an increment whose
/// outcome was unknown is resolved by a serial read (after which it can no longer take effect):
/// applied if its id is listed, else not, and then it is made again.
/// </summary>
public sealed record Counter(int Count, string[] Applied);

[JsonSerializable(typeof(Counter))]
public sealed partial class CounterJson : JsonSerializerContext;

public sealed class SharedCounter(string key, Func<int, int, KeyValueClient> clientFor)
{
    /// <summary>What the run has seen so far (it fills while <see cref="RunAsync"/> runs).</summary>
    public CounterOutcomes Outcomes { get; } = new();

    public async Task<CounterOutcomes> RunAsync(int clients, int increments)
    {
        var outcomes = Outcomes;
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
                key, counter => new Counter((counter?.Count ?? 0) + 1, [id, .. counter?.Applied ?? []]),
                CounterJson.Default.Counter, new UpdateOptions { MaxAttempts = 1000 });
            outcomes.Applied(entry.Value.Count);
            return true;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            // Unknown (a 503 that may have been applied, a timeout, a coordinator lost mid-call):
            // a serial read decides it.
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
                var position = Array.IndexOf(counter?.Applied ?? [], id);
                return position >= 0 ? counter!.Count - position : null;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // The serial read itself could not decide yet: it changes nothing, so ask again.
            }
        }
    }
}

public sealed class CounterOutcomes
{
    private readonly ConcurrentBag<int> _written = [];

    public int Unknown;

    public int AppliedCount => _written.Count;

    public void Applied(int count) => _written.Add(count);

    public void AssertEveryIncrementAppliedOnce(Counter final, int expected)
    {
        var counts = _written.Order().ToArray();
        var repeated = counts.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        var missing = Enumerable.Range(1, expected).Except(counts).ToArray();
        var idsTwice = final.Applied.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(
            repeated.Length == 0 && missing.Length == 0 && final.Count == expected && final.Applied.Length == expected && idsTwice.Length == 0,
            $"final {final.Count} of {expected}; {Unknown} unknown outcomes resolved by serial reads; " +
            $"counts written twice: [{string.Join(", ", repeated)}]; counts no increment wrote: [{string.Join(", ", missing)}]; " +
            $"{final.Applied.Length} increments listed, listed twice: [{string.Join(", ", idsTwice)}]");
    }
}
