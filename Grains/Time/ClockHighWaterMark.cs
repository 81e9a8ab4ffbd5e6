using System.Buffers.Binary;
using System.Text;
using OrleansKv.Grains.Storage;
using RocksDbSharp;

namespace OrleansKv.Grains.Time;

/// <summary>
/// The highest timestamp the node's clock may have issued, kept in the <c>meta</c> column family
/// next to the data it versions (in the same write-ahead log, so it survives what the data survives).
/// </summary>
public sealed class ClockHighWaterMark(NodeDatabase database)
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("clock-high-water");

    /// <summary>The stored mark; 0 for a new node.</summary>
    public long Load()
    {
        using var lease = database.Use();
        return database.Db.Get(Key, database.Meta) is { Length: 8 } bytes ? BinaryPrimitives.ReadInt64BigEndian(bytes) : 0;
    }

    public void Store(long timestamp)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        using var lease = database.Use();
        database.Db.Put(Key, bytes, database.Meta);
    }
}
