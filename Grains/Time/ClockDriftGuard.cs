using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Errors;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Time;

/// <summary>
/// Refuses, at this node's replica, values whose version is stamped more than
/// <see cref="ClockOptions.MaxClockDrift"/> ahead of this node's clock, with a warning that
/// names the clock to check: the one that disagrees with the majority (<see cref="ClockFence"/>),
/// which may be this node's own. Versions from the past are always accepted.
/// </summary>
public sealed partial class ClockDriftGuard(HybridLogicalClock clock, IOptions<ClockOptions> options, ClockFence fence, ILogger<ClockDriftGuard> logger)
{
    private readonly TimeSpan _limit = options.Value.MaxClockDrift;

    public void EnsureAcceptable(VersionedValue value)
    {
        if (!clock.IsTooFarAhead(value.Version.Timestamp))
        {
            return;
        }

        var ahead = value.Version.WallClock - clock.UtcNow;
        var check = fence.ClockToCheck(value.Version.NodeId);
        LogRefused(logger, fence.NodeId, value.Version.NodeId, ahead, check);
        throw new ClockDriftException(fence.NodeId, value.Version.NodeId, ahead, _limit, check);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "{NodeId} refused a write stamped by {StampedBy}, {Ahead} ahead of its clock: check the clock of {ClockToCheck}")]
    private static partial void LogRefused(ILogger logger, string nodeId, string stampedBy, TimeSpan ahead, string clockToCheck);
}
