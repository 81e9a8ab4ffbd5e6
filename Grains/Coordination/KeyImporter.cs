using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Grains.Time;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Writes exported keys back with the versions they carry, not new ones: last writer wins, so
/// importing an older export never overwrites newer data, and importing the same export twice
/// changes nothing. Each key goes to its replicas as any write does (hints for those that miss
/// it); a key whose level is not met fails the import there.
/// </summary>
public sealed class KeyImporter(ClusterView cluster, ReplicaFanout fanout, HintRecorder hints, ClockFence fence, RequestValidator validator)
{
    // Keys written at once: enough to keep every replica busy, few enough to bound the memory.
    private const int Parallelism = 32;

    /// <summary>Throws <see cref="InvalidRequestException"/> for a key or value the store would refuse.</summary>
    public void Validate(ListedKey entry)
    {
        validator.ValidateKey(entry.Key);
        validator.ValidateValue(entry.Value);
    }

    /// <summary>Writes every entry at <paramref name="level"/>, in parallel; throws at the first that fails.</summary>
    public async Task ImportAsync(IReadOnlyList<ListedKey> entries, ConsistencyLevel level)
    {
        // One span per imported page, so its replica calls (three per key) hang under it, not loose under the HTTP request.
        using var activity = KvTracing.StartStep(KvTracing.Import);
        activity?.SetTag("kv.keys", entries.Count).SetTag("kv.consistency", KvMetrics.LevelName(level));
        RequestValidator.ValidateLevel(level);
        RequestValidator.ValidateManyKeysLevel(level, "an import");
        fence.EnsureNotFenced();
        foreach (var entry in entries)
        {
            Validate(entry);
        }

        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (entry, _) =>
        {
            var value = new VersionedValue(entry.Version, entry.Value, entry.ExpiresAt?.ToUnixTimeMilliseconds());
            var plan = RequestPlan.ForWrite(cluster.Current, entry.Key, level, cluster.ReplicationFactor);
            var outcome = await fanout.CallAsync(
                RequestOperation.Apply, plan, replica => replica.ApplyAsync(entry.Key, value), onFailed: node => hints.Record(node, entry.Key, value));
            if (!outcome.LevelMet)
            {
                throw new ConsistencyNotMetException(
                    entry.Key, level, outcome.Required, outcome.RepliedNodes, outcome.Attempted, plan.Owners.Members.Length, outcome.Failures,
                    mayHaveBeenApplied: outcome.Attempted > 0);
            }
        });
    }
}
