using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Brings one token range of this node and one peer to the same contents: walks down the two
/// Merkle trees only where summaries differ, then exchanges the differing keys in both
/// directions, so both sides end with the newest version of each. Bytes sent and received are
/// counted as they would travel (hashes, digests, values), so the cost of a repair can be seen
/// to grow with the differences, not with the data.
/// </summary>
/// <remarks>
/// Tombstones: one older than the grace period that the other side lacks was purged there, so it
/// is not copied back. A key older than the grace period that the peer lacks is removed here
/// instead of pushed when this node was away too long (<paramref name="dropOrphans"/>): its peer
/// may have purged the tombstone that deleted it.
/// </remarks>
internal sealed class RangeSync(
    IKeyValueStore store, IReplica peer, JobRun progress, AntiEntropyOptions options, long collectableBefore, bool dropOrphans)
{
    /// <summary>Keys this side took from the peer so far (when 0, this side's summary still holds).</summary>
    public long KeysReceived { get; private set; }

    public async Task SyncAsync(TokenRange range, RangeSummary local, RangeSummary remote, CancellationToken cancellation)
    {
        if (local == remote)
        {
            return;
        }

        var parts = options.TreeFanout;
        if (Math.Max(local.Count, remote.Count) <= options.LeafKeys || range.Length < (uint)parts * 2)
        {
            await ExchangeAsync(range, cancellation);
            return;
        }

        var localParts = RangeSummarizer.Summarize(store, [range], parts);
        progress.Sent(0, 16 + 4);
        var remoteParts = await Bounded(peer.SummarizeAsync([range], parts), cancellation);
        progress.Received(0, remoteParts.Length * RangeSummary.WireBytes);
        var subranges = range.Split(parts);
        for (var i = 0; i < parts; i++)
        {
            await SyncAsync(subranges[i], localParts[i], remoteParts[i], cancellation);
        }
    }

    private async Task ExchangeAsync(TokenRange range, CancellationToken cancellation)
    {
        progress.Sent(0, 16);
        var remote = await Bounded(peer.DigestAsync(range), cancellation);
        progress.Received(0, remote.Sum(RangeSummarizer.WireBytes));
        var theirs = new Dictionary<string, EntryDigest>(remote.Length, StringComparer.Ordinal);
        foreach (var digest in remote)
        {
            theirs[digest.Key] = digest;
        }

        var push = new List<ReplicaWrite>();
        var pull = new List<string>();
        var orphans = new List<StoredEntry>();
        foreach (var entry in store.Scan(range))
        {
            if (theirs.Remove(entry.Key, out var their))
            {
                var order = entry.Value.Version.CompareTo(their.Version);
                if (order > 0)
                {
                    push.Add(new ReplicaWrite(entry.Key, entry.Value));
                }
                else if (order < 0)
                {
                    pull.Add(entry.Key);
                }

                continue;
            }

            if (entry.Value.Version.Timestamp < collectableBefore)
            {
                if (dropOrphans)
                {
                    orphans.Add(entry);
                    continue;
                }

                // A delete (or expiry) past the grace period was purged on the peer: leave it to this side's purge.
                if (entry.Value.IsCollectableAt(DateTimeOffset.FromUnixTimeMilliseconds(collectableBefore >> ValueVersion.LogicalBits)))
                {
                    continue;
                }
            }

            push.Add(new ReplicaWrite(entry.Key, entry.Value));
        }

        // What is left of theirs, this side lacks (an old tombstone it lacks it has purged).
        pull.AddRange(theirs.Values.Where(t => !(t.IsTombstone && t.Version.Timestamp < collectableBefore)).Select(t => t.Key));
        foreach (var orphan in orphans)
        {
            await store.RemoveIfAsync(orphan.Key, orphan.Value.Version);
        }

        await PushAsync(push, cancellation);
        await PullAsync(pull, cancellation);
    }

    private async Task PushAsync(List<ReplicaWrite> writes, CancellationToken cancellation)
    {
        foreach (var chunk in writes.Chunk(options.TransferBatchSize))
        {
            await Bounded(peer.ApplyBatchAsync(chunk), cancellation);
            progress.Sent(chunk.Length, chunk.Sum(w => WireBytes(w.Key, w.Value)));
        }
    }

    private async Task PullAsync(List<string> keys, CancellationToken cancellation)
    {
        foreach (var chunk in keys.Chunk(options.TransferBatchSize))
        {
            progress.Sent(0, chunk.Sum(k => Encoding.UTF8.GetByteCount(k)));
            var values = await Bounded(peer.ReadBatchAsync(chunk), cancellation);
            long received = 0, bytes = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                if (values[i] is { } value)
                {
                    await store.ApplyAsync(chunk[i], value);
                    received++;
                    bytes += WireBytes(chunk[i], value);
                }
            }

            KeysReceived += received;
            progress.Received(received, bytes);
        }
    }

    private Task<T> Bounded<T>(ValueTask<T> call, CancellationToken cancellation) =>
        call.AsTask().WaitAsync(options.CallTimeout, cancellation);

    private static long WireBytes(string key, VersionedValue value) =>
        Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value.Version.NodeId) + 8 + 8 + (value.Value?.Length ?? 0);
}
