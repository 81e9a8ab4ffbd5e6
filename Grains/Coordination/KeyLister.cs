using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Grains.Time;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Lists keys across the cluster, a page at a time, in token order (<see cref="ListOrder"/>).
/// A page walks the ring's ranges (<see cref="ListSegments"/>) from the cursor; each range is
/// asked of as many of its replicas as the level needs, and their answers are merged by version
/// up to the point every one of them has looked at, so a key is decided only from answers that
/// all cover it. Deleted and expired keys are left out after the merge (a newer delete on one
/// replica hides an older value on another).
/// </summary>
/// <remarks>
/// No key repeats: a page ends at a position and the next starts strictly after it, whatever the
/// ring looks like by then. A key that exists, unchanged, for the whole listing is listed once:
/// at <c>quorum</c> the replicas asked overlap every quorum that wrote it. Memory is bounded by
/// the page, and time by <see cref="ScanPerPage"/>: a page may end early, with fewer keys than
/// asked (even none) and a cursor.
/// </remarks>
public sealed class KeyLister(
    ClusterView cluster, ReplicaFanout fanout, HybridLogicalClock clock, ClockFence fence, RequestValidator validator, KvMetrics metrics)
{
    /// <summary>The most keys one page may hold.</summary>
    public const int MaxLimit = 10_000;

    // Entries one replica looks at per call, and one page in all (a prefix that matches few keys).
    private const int ScanPerCall = 4096;
    private const int ScanPerPage = 65_536;

    /// <summary>One page; with <paramref name="withValues"/> false the entries' values are empty (the replicas do not send them).</summary>
    public Task<KeyPage> ListAsync(string prefix, int limit, string? cursor, ConsistencyLevel level, bool withValues = true) =>
        metrics.MeasureAsync(RequestOperation.List, level, () => ListCoreAsync(prefix, limit, cursor, level, withValues));

    private async Task<KeyPage> ListCoreAsync(string prefix, int limit, string? cursor, ConsistencyLevel level, bool withValues)
    {
        validator.ValidatePrefix(prefix);
        RequestValidator.ValidateLevel(level);
        RequestValidator.ValidateManyKeysLevel(level, "a listing");
        if (limit is < 1 or > MaxLimit)
        {
            throw new InvalidRequestException(InvalidRequestKind.InvalidListing, $"The limit must be 1 to {MaxLimit}; got {limit}.");
        }

        var position = ListCursor.Decode(cursor);
        fence.EnsureNotFenced();
        var state = cluster.Current;
        var segments = ListSegments.Of(state.Ring);
        var required = Math.Max(1, level.RequiredReplicas(cluster.ReplicationFactor));
        var keys = new List<ListedKey>(Math.Min(limit, 1024));
        var budget = ScanPerPage;
        var index = position is null ? 0 : segments.IndexOf(position.Token);
        while (index < segments.Count && budget > 0)
        {
            var (first, last) = segments[index];
            var plan = new RequestPlan(state, new ReplicaGroup(state.Ring.PreferenceList(first, cluster.ReplicationFactor), required), null);
            var wanted = limit - keys.Count;
            var after = position;
            var outcome = await fanout.CallAsync(
                RequestOperation.List, plan, replica => replica.ListKeysAsync(first, last, after, prefix, wanted, ScanPerCall, withValues), initialCalls: required);
            if (!outcome.LevelMet)
            {
                throw new ConsistencyNotMetException(
                    $"{prefix}* (listing)", level, outcome.Required, outcome.RepliedNodes, outcome.Attempted, plan.Owners.Members.Length, outcome.Failures);
            }

            // Every replica asked has looked at every entry up to `covered`: decide only those keys.
            var covered = new ListPosition(last, null);
            foreach (var reply in outcome.Replies)
            {
                if (!reply.Value.Done && ListOrder.Compare(reply.Value.Reached!, covered) < 0)
                {
                    covered = reply.Value.Reached!;
                }
            }

            foreach (var (key, order, value) in Merge(outcome.Replies, covered))
            {
                if (value.IsLiveAt(clock.UtcNow))
                {
                    keys.Add(new ListedKey(key, value.Value!, value.Version, value.ExpiresAt));
                    if (keys.Count == limit)
                    {
                        return new KeyPage([.. keys], ListCursor.Encode(new ListPosition(order.Token, key)));
                    }
                }
            }

            // Charged by what the busiest replica looked at, and at least one per range (a call each).
            budget -= Math.Max(1, outcome.Replies.Max(r => r.Value.Scanned));
            position = covered;
            if (covered.Key is null && covered.Token == last)
            {
                index++;
            }
        }

        // Out of budget before the end of the ring: the next page goes on from here.
        return new KeyPage([.. keys], index < segments.Count ? ListCursor.Encode(position!) : null);
    }

    /// <summary>The newest version of each key the replicas returned up to <paramref name="covered"/>, in listing order.</summary>
    private static IEnumerable<(string Key, ListOrder.Key Order, VersionedValue Value)> Merge(ReplicaReply<KeyListingPage>[] replies, ListPosition covered)
    {
        var bound = ListOrder.Key.Of(covered);
        var newest = new Dictionary<string, (ListOrder.Key Order, VersionedValue Value)>(StringComparer.Ordinal);
        foreach (var reply in replies)
        {
            // Each replica answers in listing order: its entries past the bound are all at the end.
            foreach (var entry in reply.Value.Entries)
            {
                if (newest.TryGetValue(entry.Key, out var held))
                {
                    if (entry.Value.Version.IsNewerThan(held.Value.Version))
                    {
                        newest[entry.Key] = (held.Order, entry.Value);
                    }

                    continue;
                }

                var order = ListOrder.Key.Of(entry.Key);
                if (order.CompareTo(bound) > 0)
                {
                    break;
                }

                newest[entry.Key] = (order, entry.Value);
            }
        }

        return newest.OrderBy(e => e.Value.Order).Select(e => (e.Key, e.Value.Order, e.Value.Value));
    }
}
