using System.Buffers.Binary;
using System.Text;
using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The node's small records about itself, in the <c>meta</c> column family of the
/// <see cref="NodeDatabase"/>: when it was last alive, whether it lost its data, and the clock's
/// high-water mark. They share the data's write-ahead log, so each survives what the data
/// survives. Key names are on-disk format: never rename one.
/// Every member is atomic on its own; thread-safe.
/// </summary>
public sealed class NodeMetadataStore(NodeDatabase database)
{
    private static readonly byte[] LastAliveKey = Encoding.UTF8.GetBytes("last-alive");

    // Written with the first last-alive of a new data directory and removed once the ring said
    // whether the node is new or an owner that lost its data: a crash in between decides again.
    private static readonly byte[] UndecidedKey = Encoding.UTF8.GetBytes("opened-empty");
    private static readonly byte[] DataLossKey = Encoding.UTF8.GetBytes("data-loss-repair-required");
    private static readonly byte[] ClockHighWaterKey = Encoding.UTF8.GetBytes("clock-high-water");

    private static readonly WriteOptions Synced = new WriteOptions().SetSync(true);

    /// <summary>When the node last recorded that it was alive; null for a directory that never did.</summary>
    public DateTimeOffset? LastAlive =>
        Get(LastAliveKey) is { Length: 8 } bytes ? DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes)) : null;

    /// <summary>Records when the node was alive; in the write-ahead log (not fsynced) when it returns.</summary>
    public void RecordAlive(DateTimeOffset now) => Put(LastAliveKey, Int64(now.ToUnixTimeMilliseconds()));

    /// <summary>True while the marker of a directory that opened empty is set (<see cref="MarkOpenedEmpty"/>).</summary>
    public bool OpenedEmpty => Get(UndecidedKey) is not null;

    /// <summary>Marks that the directory opened empty and it is not yet known whether the node is new; in the write-ahead log when it returns.</summary>
    public void MarkOpenedEmpty() => Put(UndecidedKey, [1]);

    /// <summary>Clears the opened-empty marker: the node is new; in the write-ahead log when it returns.</summary>
    public void ClearOpenedEmpty()
    {
        using var lease = database.Use();
        database.Db.Remove(UndecidedKey, database.Meta);
    }

    /// <summary>Why the node must be repaired after losing its data; null when it has not lost it.</summary>
    public string? DataLossReason => Get(DataLossKey) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>
    /// Records that the node lost its data, and clears the opened-empty marker, in one batch:
    /// both or neither, fsynced before it returns (the rule must outlive a crash right after).
    /// </summary>
    public void RecordDataLoss(string reason)
    {
        using var lease = database.Use();
        using var batch = new WriteBatch();
        batch.Put(DataLossKey, Encoding.UTF8.GetBytes(reason), database.Meta);
        batch.Delete(UndecidedKey, database.Meta);
        database.Db.Write(batch, Synced);
    }

    /// <summary>Clears the data-loss record after a repair; in the write-ahead log when it returns.</summary>
    public void ClearDataLoss()
    {
        using var lease = database.Use();
        database.Db.Remove(DataLossKey, database.Meta);
    }

    /// <summary>The highest timestamp the node's clock may have issued; 0 for a new node.</summary>
    public long ClockHighWater => Get(ClockHighWaterKey) is { Length: 8 } bytes ? BinaryPrimitives.ReadInt64BigEndian(bytes) : 0;

    /// <summary>Stores the clock's high-water mark; in the write-ahead log when it returns.</summary>
    public void StoreClockHighWater(long timestamp) => Put(ClockHighWaterKey, Int64(timestamp));

    private byte[]? Get(byte[] key)
    {
        using var lease = database.Use();
        return database.Db.Get(key, database.Meta);
    }

    private void Put(byte[] key, byte[] value)
    {
        using var lease = database.Use();
        database.Db.Put(key, value, database.Meta);
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}
