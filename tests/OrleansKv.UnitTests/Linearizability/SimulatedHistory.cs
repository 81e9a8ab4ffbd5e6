using OrleansKv.TestSupport.Linearizability;

namespace OrleansKv.UnitTests.Linearizability;

/// <summary>A linearizable key-value store simulated in memory, recording what its clients saw.</summary>
internal static class SimulatedHistory
{
    public static List<HistoryOperation<KeyValueInput, KeyValueOutput>> Generate(
        Random random, int clients, int operationsPerClient, int keys = 2)
    {
        // Each client runs its operations one after another; the instant each takes effect is
        // drawn inside its interval, and answers are computed in the order of those instants.
        var planned = new List<(int Client, long Call, long Return, long Effect, string Key)>();
        for (var client = 0; client < clients; client++)
        {
            var time = (long)random.Next(0, 20);
            for (var i = 0; i < operationsPerClient; i++)
            {
                var call = time;
                var ret = call + random.Next(1, 40);
                planned.Add((client, call, ret, random.NextInt64(call, ret + 1), "k" + random.Next(keys)));
                time = ret + random.Next(0, 10);
            }
        }

        var store = new Dictionary<string, KeyValueState>();
        var versions = 0;
        var history = new List<HistoryOperation<KeyValueInput, KeyValueOutput>>();
        foreach (var op in planned.OrderBy(p => p.Effect))
        {
            var state = store.GetValueOrDefault(op.Key, KeyValueState.Absent);
            var input = NextInput(random, op.Key, state, versions);
            var output = Apply(input, state, () => "v" + ++versions, out var after);
            store[op.Key] = after;
            history.Add(new(op.Client, input, op.Call, output, op.Return));
        }

        return history;
    }

    /// <summary>A different answer to the same request: another value read, or the other outcome.</summary>
    public static KeyValueOutput Alter(HistoryOperation<KeyValueInput, KeyValueOutput> operation, Random random)
    {
        var output = operation.Output;
        if (operation.Input.Action == KeyValueAction.Read)
        {
            return output.Found ? KeyValueOutput.Absent : KeyValueOutput.Read("x" + random.Next(3), "v" + random.Next(1, 50));
        }

        return output.Outcome == KeyValueOutcome.Ok
            ? KeyValueOutput.Failed(true, "x", "v" + random.Next(1, 50))
            : KeyValueOutput.Applied("v" + random.Next(1000, 2000));
    }

    private static KeyValueInput NextInput(Random random, string key, KeyValueState state, int versions)
    {
        // Conditions name the current version most of the time, so many of them succeed.
        var ifVersion = random.Next(3) > 0 && state.Version is not null ? state.Version : "v" + random.Next(0, versions + 1);
        var value = "n" + random.Next(1000);
        return random.Next(6) switch
        {
            0 or 1 => new KeyValueInput(key, KeyValueAction.Read),
            2 => new KeyValueInput(key, KeyValueAction.Write, value, ifVersion),
            3 => new KeyValueInput(key, KeyValueAction.Write, value, IfAbsent: true),
            4 => new KeyValueInput(key, KeyValueAction.Delete, IfVersion: ifVersion),
            _ => new KeyValueInput(key, KeyValueAction.Write, value),
        };
    }

    private static KeyValueOutput Apply(KeyValueInput input, KeyValueState state, Func<string> newVersion, out KeyValueState after)
    {
        after = state;
        if (input.Action == KeyValueAction.Read)
        {
            return state.Found ? KeyValueOutput.Read(state.Value!, state.Version) : KeyValueOutput.Absent;
        }

        var holds = input.IfAbsent ? !state.Found : input.IfVersion is null || (state.Found && state.Version == input.IfVersion);
        if (!holds)
        {
            return KeyValueOutput.Failed(state.Found, state.Value, state.Found ? state.Version : null);
        }

        var version = newVersion();
        after = input.Action == KeyValueAction.Write ? new KeyValueState(true, input.Value, version) : KeyValueState.Absent;
        return KeyValueOutput.Applied(version);
    }
}
