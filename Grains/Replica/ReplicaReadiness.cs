using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Errors;
using OrleansKv.Grains.Storage;

namespace OrleansKv.Grains.Replica;

/// <summary>
/// Whether this node's replica data may be served. Two rules make a node repair first:
/// <list type="bullet">
/// <item>The grace period: the node records (<see cref="NodeMetadataStore.LastAlive"/>) when it was last
/// alive; if it opens after being away for longer than <see cref="TombstoneOptions.GcGrace"/>, its
/// peers may have purged tombstones of deletes it never saw, so its data could bring deleted keys
/// back. It stops recording that it is alive meanwhile, so a restart cannot clear the rule.</item>
/// <item>Lost data: a data directory that opened empty while the ring lists the node as an owner
/// (<see cref="RequireRepairAfterDataLoss"/>) no longer holds writes the node acknowledged. Its
/// answers would let a quorum miss an acknowledged write, so until a repair it serves no reads,
/// and the writes it stores do not count toward a level (<see cref="EnsureCountsForWrites"/>).
/// The rule is kept in the <see cref="NodeMetadataStore"/>, so a restart before the repair keeps it.</item>
/// </list>
/// Either way the node refuses replica reads (and the summaries peers compare) until a repair of
/// its ranges has run.
/// </summary>
public sealed partial class ReplicaReadiness
{
    private const string UndecidedReason = "its data directory opened empty and the ring record has not yet told whether it is a new node";

    private readonly NodeMetadataStore _meta;
    private readonly TimeProvider _time;
    private readonly string _nodeId;
    private readonly ILogger<ReplicaReadiness> _logger;
    private volatile string? _repairReason;
    private volatile bool _dataLost;
    private volatile bool _undecided;

    public ReplicaReadiness(NodeMetadataStore meta, IOptions<TombstoneOptions> options, TimeProvider time, string nodeId, ILogger<ReplicaReadiness> logger)
    {
        _meta = meta;
        _time = time;
        _nodeId = nodeId;
        _logger = logger;
        var lastAlive = meta.LastAlive;
        if (meta.DataLossReason is { } lossReason)
        {
            _dataLost = true;
            _repairReason = lossReason;
        }
        else if (lastAlive is { } alive)
        {
            var away = time.GetUtcNow() - alive;
            if (away > options.Value.GcGrace)
            {
                _repairReason = $"it was away for {away:g}, longer than the tombstone grace period {options.Value.GcGrace:g}";
                LogRepairRequired(logger, _nodeId, away, options.Value.GcGrace);
            }
        }
        else
        {
            meta.MarkOpenedEmpty();
        }

        var undecided = meta.OpenedEmpty;
        RecordAlive();

        // Until the ring has been asked, an empty directory may be an owner's lost one: serve nothing.
        _undecided = undecided;
    }

    /// <summary>
    /// True when the data directory started empty and the ring has not yet been asked whether
    /// the node is new or an owner that lost its data (<see cref="LostDataCheck"/> asks).
    /// </summary>
    public bool OpenedEmpty => _undecided;

    /// <summary>True while the node must be repaired before it serves reads.</summary>
    public bool RepairRequired => _repairReason is not null || _undecided;

    /// <summary>Throws <see cref="ReplicaNotReadyException"/> while a repair is required.</summary>
    public void EnsureServing()
    {
        if ((_undecided ? UndecidedReason : _repairReason) is { } reason)
        {
            throw new ReplicaNotReadyException(_nodeId, reason);
        }
    }

    /// <summary>
    /// True while the node has lost its data and is not yet repaired: its writes do not count
    /// (<see cref="EnsureCountsForWrites"/>), and its repair must compare every range with every
    /// other replica, since an acknowledged write may survive on any one of them alone.
    /// </summary>
    public bool DataLost => _dataLost;

    /// <summary>True while the writes this node stores must not count toward a level (lost data, or not yet known).</summary>
    public bool WritesUncounted => _dataLost || _undecided;

    /// <summary>
    /// After the node stored a write: throws <see cref="ReplicaNotReadyException"/> while it has
    /// lost its data and is not yet repaired, so the coordinator does not count it (its "I hold
    /// nothing newer" may be wrong) and keeps a hint for it instead.
    /// </summary>
    public void EnsureCountsForWrites()
    {
        if ((_undecided ? UndecidedReason : _dataLost ? _repairReason : null) is { } reason)
        {
            throw new ReplicaNotReadyException(_nodeId, reason, stored: true);
        }
    }

    /// <summary>The ring lists this node as an owner but its data directory opened empty: repair before serving.</summary>
    public void RequireRepairAfterDataLoss(long epoch)
    {
        var reason = $"its data directory opened empty while ring epoch {epoch} lists it as an owner (the data was lost)";
        _meta.RecordDataLoss(reason);

        _dataLost = true;
        _repairReason = reason;
        _undecided = false;
        LogDataLost(_logger, _nodeId, epoch);
    }

    /// <summary>The ring does not list this node as an owner: its empty directory is that of a new node.</summary>
    public void ConfirmNewNode()
    {
        _meta.ClearOpenedEmpty();

        _undecided = false;
        RecordAlive();
    }

    /// <summary>Records now as the last time the node was alive (not while a repair is required).</summary>
    public void RecordAlive()
    {
        if (RepairRequired)
        {
            return;
        }

        _meta.RecordAlive(_time.GetUtcNow());
    }

    /// <summary>A repair compared every range of the node with a peer: it may serve again.</summary>
    public void RepairCompleted()
    {
        if (_dataLost)
        {
            _meta.ClearDataLoss();
        }

        _dataLost = false;
        _repairReason = null;
        RecordAlive();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "{NodeId} was away for {Away}, longer than the tombstone grace period {GcGrace}: it refuses reads until a repair of its ranges has run")]
    private static partial void LogRepairRequired(ILogger logger, string nodeId, TimeSpan away, TimeSpan gcGrace);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "{NodeId} opened an empty data directory although ring epoch {Epoch} lists it as an owner: it serves no reads, and its writes count toward no level, until a repair of its ranges has run")]
    private static partial void LogDataLost(ILogger logger, string nodeId, long epoch);
}
