using OrleansKv.Contracts;
using OrleansKv.Versioning;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The inline write engine (fsync left to the OS, or to an interval): a write runs on the
/// caller's thread: read, resolve, write, under one of 1024 lock stripes chosen by token, so a
/// compare-and-write is atomic per key while different keys proceed in parallel (RocksDB groups
/// concurrent WAL appends itself). Nothing inside the lock waits on anything but RocksDB's
/// in-memory write path, and the hand-off to another thread it saves was the largest single cost
/// in a CPU profile (context switches). One key, a batch and a streamed chunk all take
/// <see cref="WriteInline"/>.
/// </summary>
public sealed partial class RocksDbKeyValueStore
{
    private readonly object[] _stripes = Enumerable.Range(0, 1024).Select(_ => new object()).ToArray();

    private VersionedValue? ChangeInline(string key, StoreChange change, out bool changed)
    {
        var keyBytes = StoredValueCodec.EncodeKey(key);
        (VersionedValue? Held, bool Changed) outcome = WriteInline(
            [StoredValueCodec.TokenOf(keyBytes)],
            (key, keyBytes, change),
            static (staging, write) => (staging.Stage(write.key, write.keyBytes, write.change, out var changed), changed));
        changed = outcome.Changed;
        return outcome.Held;
    }

    /// <summary>Every write of the batch resolved against the stored or already staged version, all in one write.</summary>
    private ValueVersion[] ApplyManyInline(IReadOnlyList<ReplicaWrite> writes)
    {
        var keys = new byte[writes.Count][];
        var tokens = new ulong[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            keys[i] = StoredValueCodec.EncodeKey(writes[i].Key);
            tokens[i] = StoredValueCodec.TokenOf(keys[i]);
        }

        return WriteInline(tokens, (writes, keys), static (staging, batch) =>
        {
            var held = new ValueVersion[batch.writes.Count];
            for (var i = 0; i < held.Length; i++)
            {
                held[i] = staging.Stage(batch.writes[i].Key, batch.keys[i], StoreChange.Apply(batch.writes[i].Value), out _)!.Version;
            }

            return held;
        });
    }

    /// <summary>
    /// The inline engine's one write path: takes the lock stripes of <paramref name="tokens"/> in
    /// ascending order (so two writers never deadlock), lets <paramref name="stage"/> resolve each
    /// change against what the store holds, writes what changed at once and moves the counts.
    /// </summary>
    private TResult WriteInline<TState, TResult>(ReadOnlySpan<ulong> tokens, TState state, Func<ChangeStaging, TState, TResult> stage)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var locks = LockStripes(tokens);
        using var lease = _database.Use();
        using var staging = new ChangeStaging(_db);
        var result = stage(staging, state);
        staging.Write(_writeOptions, _counts);
        return result;
    }

    /// <summary>
    /// Takes the lock stripes of these tokens in ascending order (so two batches never deadlock)
    /// and checks the store is still open; disposing the result releases them.
    /// </summary>
    private StripeLocks LockStripes(ReadOnlySpan<ulong> tokens)
    {
        var locks = tokens.Length == 1
            ? new StripeLocks(_stripes[StripeOf(tokens[0])])
            : new StripeLocks(tokens.ToArray().Select(StripeOf).Distinct().Order().Select(i => _stripes[i]).ToArray());
        if (_disposed)
        {
            locks.Dispose();
            throw new ObjectDisposedException(nameof(RocksDbKeyValueStore));
        }

        return locks;
    }

    private int StripeOf(ulong token) => (int)(token % (ulong)_stripes.Length);

    /// <summary>Inline writers finish inside their stripe lock; taking every lock once waits them out.</summary>
    private void WaitForInlineWriters()
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe)
            {
            }
        }
    }

    private readonly struct StripeLocks : IDisposable
    {
        private readonly object? _one;
        private readonly object[]? _held;

        /// <summary>Enters one stripe (a single key's write, the hot path: no array).</summary>
        public StripeLocks(object stripe)
        {
            Monitor.Enter(stripe);
            _one = stripe;
        }

        /// <summary>Enters every stripe, in the order given.</summary>
        public StripeLocks(object[] stripes)
        {
            var taken = 0;
            try
            {
                foreach (var stripe in stripes)
                {
                    Monitor.Enter(stripe);
                    taken++;
                }
            }
            catch
            {
                for (var i = taken - 1; i >= 0; i--)
                {
                    Monitor.Exit(stripes[i]);
                }

                throw;
            }

            _held = stripes;
        }

        public void Dispose()
        {
            if (_one is not null)
            {
                Monitor.Exit(_one);
                return;
            }

            for (var i = _held!.Length - 1; i >= 0; i--)
            {
                Monitor.Exit(_held[i]);
            }
        }
    }
}
