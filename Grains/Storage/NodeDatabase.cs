using RocksDbSharp;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The node's one RocksDB database under <c>DataDirectory/kv</c>, with a column family per kind
/// of record, so that hints and node metadata share the write-ahead log and the process-wide
/// lock of the data but never mix with it in scans:
/// <list type="bullet">
/// <item><c>default</c>: replica data, keyed by token + key (<see cref="StoredValueCodec"/>).</item>
/// <item><c>hints</c>: writes held for replicas that missed them (<see cref="Hints.HintCodec"/>).</item>
/// <item><c>meta</c>: small node records, such as when the node was last alive.</item>
/// </list>
/// Column family names are on-disk format: never rename one.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    private const string HintsFamily = "hints";
    private const string MetaFamily = "meta";

    private NodeDatabase(RocksDb db, string location)
    {
        Db = db;
        Location = location;
        Hints = db.GetColumnFamily(HintsFamily);
        Meta = db.GetColumnFamily(MetaFamily);
    }

    public RocksDb Db { get; }

    public string Location { get; }

    public ColumnFamilyHandle Hints { get; }

    public ColumnFamilyHandle Meta { get; }

    /// <summary>Opens (creating if needed) the database; an existing data directory gains the new column families.</summary>
    public static NodeDatabase Open(string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new ArgumentException("StorageOptions.DataDirectory is required.", nameof(dataDirectory));
        }

        var location = Path.Combine(Path.GetFullPath(dataDirectory), "kv");
        Directory.CreateDirectory(location);
        var data = new ColumnFamilyOptions().SetBlockBasedTableFactory(new BlockBasedTableOptions()
            .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
            .SetWholeKeyFiltering(true));
        var families = new ColumnFamilies(data)
        {
            { HintsFamily, new ColumnFamilyOptions() },
            { MetaFamily, new ColumnFamilyOptions() },
        };
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .IncreaseParallelism(Math.Max(2, Environment.ProcessorCount));
        return new NodeDatabase(RocksDb.Open(options, location, families), location);
    }

    public void Dispose() => Db.Dispose();
}
