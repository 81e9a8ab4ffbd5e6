using System.Threading.Channels;
using OrleansKv.Contracts;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The group-commit write engine (fsync of each write group): writes are queued to one commit
/// loop that takes whatever has queued up (at most <see cref="MaxWriteGroup"/>), resolves each
/// change against the stored versions and commits the group as one write batch: one WAL append
/// and one fsync for the whole group, before any of its writes is acknowledged.
/// </summary>
public sealed partial class RocksDbKeyValueStore
{
    /// <summary>Most writes committed in one group (one WAL append, one fsync).</summary>
    internal const int MaxWriteGroup = 1024;

    private readonly Channel<PendingChange> _writes = Channel.CreateUnbounded<PendingChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _commitLoop;

    private ValueTask<T> ChangeQueuedAsync<T>(string key, StoreChange change, Func<VersionedValue?, bool, T> result)
    {
        var pending = new PendingChange(key, change);
        return _writes.Writer.TryWrite(pending)
            ? AwaitAsync(pending, result)
            : ValueTask.FromException<T>(new ObjectDisposedException(nameof(RocksDbKeyValueStore)));

        static async ValueTask<T> AwaitAsync(PendingChange pending, Func<VersionedValue?, bool, T> result)
        {
            var held = await pending.Completion.Task.ConfigureAwait(false);
            return result(held, pending.Changed);
        }
    }

    private async ValueTask<ValueVersion[]> ApplyManyQueuedAsync(IReadOnlyList<ReplicaWrite> writes)
    {
        // The commit loop batches whatever has queued: enqueue all before awaiting any.
        var pending = new ValueTask<ValueVersion>[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            pending[i] = ApplyAsync(writes[i].Key, writes[i].Value);
        }

        var held = new ValueVersion[writes.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            held[i] = await pending[i].ConfigureAwait(false);
        }

        return held;
    }

    private async Task CommitLoopAsync()
    {
        var reader = _writes.Reader;
        var group = new List<PendingChange>(MaxWriteGroup);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            using var lease = _database.Use();
            using var staging = new ChangeStaging(_db);
            while (group.Count < MaxWriteGroup && reader.TryRead(out var pending))
            {
                group.Add(pending);
                try
                {
                    pending.Outcome = staging.Stage(pending.Key, StoredValueCodec.EncodeKey(pending.Key), pending.Change, out var changed);
                    pending.Changed = changed;
                }
                catch (Exception ex)
                {
                    pending.Failure = ex;
                }
            }

            Exception? commitFailure = null;
            try
            {
                staging.Write(_writeOptions, _counts);
            }
            catch (Exception ex)
            {
                commitFailure = ex;
            }

            foreach (var pending in group)
            {
                if ((commitFailure ?? pending.Failure) is { } failure)
                {
                    pending.Completion.TrySetException(failure);
                }
                else
                {
                    pending.Completion.TrySetResult(pending.Outcome);
                }
            }
        }
    }

    private sealed class PendingChange(string key, StoreChange change)
    {
        public string Key { get; } = key;
        public StoreChange Change { get; } = change;
        public TaskCompletionSource<VersionedValue?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public VersionedValue? Outcome { get; set; }
        public bool Changed { get; set; }
        public Exception? Failure { get; set; }
    }
}
