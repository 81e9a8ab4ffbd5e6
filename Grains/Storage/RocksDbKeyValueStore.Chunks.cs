using System.Buffers;
using OrleansKv.Contracts;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// Streamed chunks (<see cref="RangeChunks"/>): read as stored, and stored as read: entries are
/// compared by version header and written as they are, without decoding keys or payloads (the
/// group-commit engine decodes them and queues them as writes).
/// </summary>
public sealed partial class RocksDbKeyValueStore
{
    public RangeChunk ReadChunk(TokenRange range, int maxEntries, int maxBytes)
    {
        var packed = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 1 << 20) + 4096);
        var count = 0;
        var lastToken = range.StartExclusive;
        var full = false;
        ForEachStored(range, (key, value) =>
        {
            var token = StoredValueCodec.TokenOf(key);
            if ((count >= maxEntries || packed.WrittenCount >= maxBytes) && token != lastToken)
            {
                full = true;
                return false;
            }

            RangeChunks.Append(packed, key, value);
            count++;
            lastToken = token;
            return true;
        });
        return new RangeChunk(packed.WrittenSpan.ToArray(), count, lastToken, Done: !full);
    }

    public async ValueTask ApplyChunkAsync(RangeChunk chunk)
    {
        var entries = RangeChunks.Entries(chunk.Packed);
        if (_groupCommit)
        {
            await ApplyManyQueuedAsync(entries
                .Select(e => new ReplicaWrite(StoredValueCodec.DecodeKey(chunk.Packed.AsSpan(e.Key)).Key, StoredValueCodec.DecodeValue(chunk.Packed.AsSpan(e.Value))))
                .ToArray()).ConfigureAwait(false);
            return;
        }

        var tokens = entries.Select(e => StoredValueCodec.TokenOf(chunk.Packed.AsSpan(e.Key))).ToArray();
        WriteInline(tokens, (chunk.Packed, entries), static (staging, stored) =>
        {
            foreach (var (key, value) in stored.entries)
            {
                staging.StageStored(stored.Packed.AsSpan(key), stored.Packed.AsSpan(value));
            }

            return true;
        });
    }
}
