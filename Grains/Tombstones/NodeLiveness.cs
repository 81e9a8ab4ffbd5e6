using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Errors;
using OrleansKv.Grains.Storage;
using RocksDbSharp;

namespace OrleansKv.Grains.Tombstones;

/// <summary>
/// Enforces the grace-period rule. The node records in its <c>meta</c> column family when it
/// was last alive; if it opens after being away for longer than
/// <see cref="TombstoneOptions.GcGrace"/>, its peers may have purged tombstones of deletes it
/// never saw, so its replica data could bring deleted keys back. It then refuses replica reads
/// (and the summaries peers compare) until a repair of its ranges has run, and it stops
/// recording that it is alive meanwhile, so a restart cannot clear the rule by accident.
/// </summary>
public sealed partial class NodeLiveness
{
    private static readonly byte[] LastAliveKey = Encoding.UTF8.GetBytes("last-alive");

    private readonly NodeDatabase _database;
    private readonly RocksDb _db;
    private readonly ColumnFamilyHandle _meta;
    private readonly TimeProvider _time;
    private readonly string _nodeId;
    private volatile string? _repairReason;

    public NodeLiveness(NodeDatabase database, IOptions<TombstoneOptions> options, TimeProvider time, string nodeId, ILogger<NodeLiveness> logger)
    {
        _database = database;
        _db = database.Db;
        _meta = database.Meta;
        _time = time;
        _nodeId = nodeId;
        var stored = _db.Get(LastAliveKey, _meta);
        if (stored is not null)
        {
            var lastAlive = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(stored));
            var away = time.GetUtcNow() - lastAlive;
            if (away > options.Value.GcGrace)
            {
                _repairReason = $"it was away for {away:g}, longer than the tombstone grace period {options.Value.GcGrace:g}";
                LogRepairRequired(logger, _nodeId, away, options.Value.GcGrace);
            }
        }

        RecordAlive();
    }

    /// <summary>True while the node must be repaired before it serves reads.</summary>
    public bool RepairRequired => _repairReason is not null;

    /// <summary>Throws <see cref="ReplicaNotReadyException"/> while a repair is required.</summary>
    public void EnsureServing()
    {
        if (_repairReason is { } reason)
        {
            throw new ReplicaNotReadyException(_nodeId, reason);
        }
    }

    /// <summary>Records now as the last time the node was alive (not while a repair is required).</summary>
    public void RecordAlive()
    {
        if (RepairRequired)
        {
            return;
        }

        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, _time.GetUtcNow().ToUnixTimeMilliseconds());
        using (_database.Use())
        {
            _db.Put(LastAliveKey, bytes, _meta);
        }
    }

    /// <summary>A repair compared every range of the node with a peer: it may serve again.</summary>
    public void RepairCompleted()
    {
        _repairReason = null;
        RecordAlive();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "{NodeId} was away for {Away}, longer than the tombstone grace period {GcGrace}: it refuses reads until a repair of its ranges has run")]
    private static partial void LogRepairRequired(ILogger logger, string nodeId, TimeSpan away, TimeSpan gcGrace);
}
