using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.TestSupport.Linearizability;
using OrleansKv.Versioning;

namespace OrleansKv.EndToEndTests.Serial;

/// <summary>
/// Clients doing conditional writes and serial reads on a few keys, each operation recorded with
/// its call and return time (one monotonic clock) and its outcome, for the linearizability checker.
/// A failure that is certainly not applied (a 503 with may_have_been_applied false, a failed
/// serial read) is left out; any other failure is an unknown outcome, returning never.
/// </summary>
internal sealed class SerialHistoryRecorder(KeyValueClient client, string prefix, int keys)
{
    private readonly ConcurrentBag<HistoryOperation<KeyValueInput, KeyValueOutput>> _history = [];

    public IReadOnlyCollection<HistoryOperation<KeyValueInput, KeyValueOutput>> History => _history;

    public Task RunAsync(int clients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(c => ClientAsync(c, new Random(c * 7919 + 1), stop)));

    private async Task ClientAsync(int clientId, Random random, CancellationToken stop)
    {
        // The versions this client last saw per key: compare-and-set names one of them.
        var seen = new Dictionary<string, ValueVersion>();
        for (var op = 0; !stop.IsCancellationRequested; op++)
        {
            var key = $"{prefix}{random.Next(keys)}";
            var value = $"c{clientId}-{op}";
            var choice = random.Next(4);
            var input = choice switch
            {
                0 => new KeyValueInput(key, KeyValueAction.Read),
                1 => new KeyValueInput(key, KeyValueAction.Write, value, IfAbsent: true),
                2 when seen.TryGetValue(key, out var v) => new KeyValueInput(key, KeyValueAction.Delete, IfVersion: v.ToString()),
                _ when seen.TryGetValue(key, out var v) => new KeyValueInput(key, KeyValueAction.Write, value, IfVersion: v.ToString()),
                _ => new KeyValueInput(key, KeyValueAction.Read),
            };
            var call = Stopwatch.GetTimestamp();
            KeyValueOutput output;
            try
            {
                output = await RunAsync(input, seen);
            }
            catch (ConsistencyNotMetException e) when (!e.MayHaveBeenApplied || input.Action == KeyValueAction.Read)
            {
                continue;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                if (input.Action != KeyValueAction.Read)
                {
                    _history.Add(new(clientId, input, call, KeyValueOutput.Unknown, HistoryOperation<KeyValueInput, KeyValueOutput>.Never));
                }

                continue;
            }

            _history.Add(new(clientId, input, call, output, Stopwatch.GetTimestamp()));
        }
    }

    private async Task<KeyValueOutput> RunAsync(KeyValueInput input, Dictionary<string, ValueVersion> seen)
    {
        var json = new ConditionalWriteOptions { Timeout = TimeSpan.FromSeconds(10) };
        switch (input.Action)
        {
            case KeyValueAction.Read:
                var read = await client.ReadAsync(input.Key, new ReadOptions { Level = ConsistencyLevel.Serial, Timeout = TimeSpan.FromSeconds(10) });
                Remember(seen, input.Key, read.Value is null ? null : read.Version);
                return read.Value is null ? KeyValueOutput.Absent : KeyValueOutput.Read(Text(read.Value), read.Version!.ToString());
            case KeyValueAction.Delete:
                return Outcome(seen, input.Key, await client.DeleteIfAsync(input.Key, ValueVersion.TryParse(input.IfVersion, out var v) ? v : throw new InvalidOperationException(), json), deleted: true);
            default:
                var write = input.IfAbsent
                    ? await client.PutIfAbsentAsync(input.Key, input.Value!, SerialJson.Default.String, json)
                    : await client.CompareAndSetAsync(input.Key, ValueVersion.TryParse(input.IfVersion, out var expected) ? expected : throw new InvalidOperationException(), input.Value!, SerialJson.Default.String, json);
                return Outcome(seen, input.Key, write, deleted: false);
        }
    }

    private static KeyValueOutput Outcome<T>(Dictionary<string, ValueVersion> seen, string key, ConditionalWriteResult<T> result, bool deleted)
    {
        if (result.Applied)
        {
            Remember(seen, key, deleted ? null : result.Write!.Version);
            return KeyValueOutput.Applied(result.Write!.Version.ToString());
        }

        Remember(seen, key, result.Current?.Version);
        return result.Current is { } current
            ? KeyValueOutput.Failed(true, current.Value is JsonElement element ? element.GetString() : current.Value as string, current.Version.ToString())
            : KeyValueOutput.Failed(false, null, null);
    }

    private static void Remember(Dictionary<string, ValueVersion> seen, string key, ValueVersion? version)
    {
        if (version is null)
        {
            seen.Remove(key);
        }
        else
        {
            seen[key] = version;
        }
    }

    private static string Text(byte[] stored) => JsonSerializer.Deserialize(stored, SerialJson.Default.String)!;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class SerialJson : System.Text.Json.Serialization.JsonSerializerContext;
