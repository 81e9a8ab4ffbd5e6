using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Errors;
using OrleansKv.Time;

namespace OrleansKv.Grains.Time;

/// <summary>
/// This node's clock as its peers see it: the offsets measured from each peer (fed by the
/// cluster's offset probe), the state they add up to (<see cref="ClockVerdict"/>), and the fence
/// itself. While fenced the node coordinates nothing and its replica refuses reads and writes,
/// so coordinators treat it as down and keep hints for it; it unfences by itself once a
/// majority agrees with its clock again. Also names, for drift errors elsewhere, the clock to check.
/// </summary>
/// <remarks>Reads are lock-free (one volatile read on the request path); only the probe writes.</remarks>
public sealed partial class ClockFence
{
    private readonly ConcurrentDictionary<string, PeerClockSamples> _peers = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly ILogger<ClockFence> _logger;
    private volatile ClockStatus _status = new(ClockState.Ok, [], null);

    public ClockFence(IOptions<ClockOptions> options, TimeProvider time, string nodeId, ILogger<ClockFence> logger)
    {
        Bound = options.Value.MaxClockDrift / 2;
        _window = options.Value.OffsetWindow;
        _time = time;
        NodeId = nodeId;
        _logger = logger;
    }

    /// <summary>This node.</summary>
    public string NodeId { get; }

    /// <summary>How far a peer's clock may be from this node's before they disagree: half of <see cref="ClockOptions.MaxClockDrift"/>.</summary>
    public TimeSpan Bound { get; }

    /// <summary>The state and the offsets it was judged from, as of the last evaluation.</summary>
    public ClockStatus Status => _status;

    /// <summary>True while a majority of the reachable nodes disagree with this node's clock.</summary>
    public bool IsFenced => _status.State == ClockState.Fenced;

    /// <summary>Throws <see cref="ClockFencedException"/>, naming this node and its offset, while it is fenced.</summary>
    public void EnsureNotFenced()
    {
        var status = _status;
        if (status.State == ClockState.Fenced)
        {
            throw new ClockFencedException(NodeId, status.Reason!);
        }
    }

    /// <summary>Adds a reading of <paramref name="peer"/>'s clock; <paramref name="generation"/> (its silo address) starts a new series when the peer restarted.</summary>
    public void Record(string peer, string generation, ClockSample sample)
    {
        var samples = _peers.AddOrUpdate(
            peer,
            static (_, g) => new PeerClockSamples(g),
            static (_, existing, g) => existing.Generation == g ? existing : new PeerClockSamples(g),
            generation);
        samples.Add(sample);
    }

    /// <summary>
    /// Judges the clock from the estimates of the peers in <paramref name="upPeers"/> (those in
    /// membership; a peer gone from it is forgotten), and logs a change of state.
    /// </summary>
    public ClockStatus Evaluate(IReadOnlyCollection<string> upPeers)
    {
        foreach (var gone in _peers.Keys.Where(p => !upPeers.Contains(p)))
        {
            _peers.TryRemove(gone, out _);
        }

        var oldest = _time.GetTimestamp() - (long)(_window.TotalSeconds * _time.TimestampFrequency);
        var estimates = new List<(string Peer, ClockSample Estimate)>(_peers.Count);
        foreach (var (peer, samples) in _peers)
        {
            if (samples.Best(oldest) is { } best)
            {
                estimates.Add((peer, best));
            }
        }

        estimates.Sort((a, b) => string.CompareOrdinal(a.Peer, b.Peer));
        var verdict = ClockVerdict.Judge(NodeId, estimates, Bound);
        var status = new ClockStatus(
            verdict.State,
            estimates.Select(e => new PeerClockOffset(e.Peer, e.Estimate.Offset.TotalMilliseconds, e.Estimate.Error.TotalMilliseconds, e.Estimate.MeasuredAt)).ToArray(),
            verdict.Reason);
        var previous = _status;
        _status = status;
        if (previous.State != status.State)
        {
            if (status.State == ClockState.Ok)
            {
                LogClockOk(_logger, NodeId, previous.State, Describe(status));
            }
            else
            {
                LogClockStateChanged(_logger, NodeId, previous.State, status.State, status.Reason!);
            }
        }

        return status;
    }

    /// <summary>
    /// Which clock to check when <paramref name="otherNode"/>'s versions and this node's clock are
    /// too far apart: never a node that agrees with the majority. This node when it is fenced;
    /// the other when this node agrees with a majority and has measured the other; both while
    /// the other is not measured yet or no majority can tell.
    /// </summary>
    public string ClockToCheck(string otherNode)
    {
        var status = _status;
        if (status.State == ClockState.Fenced)
        {
            return NodeId;
        }

        if (status.State == ClockState.Suspect)
        {
            return $"{otherNode} or {NodeId} (no majority tells which)";
        }

        // Ok: this node agrees with a majority, so the other is the one off (or its clock ran ahead).
        if (status.Offsets.Any(o => o.NodeId == otherNode))
        {
            return otherNode;
        }

        return $"{otherNode} or {NodeId} (their offset is not measured yet)";
    }

    private static string Describe(ClockStatus status) =>
        status.Offsets.Length == 0
            ? "no peer measured"
            : string.Join(", ", status.Offsets.Select(o => $"{o.NodeId} {o.OffsetMs:+0.0;-0.0} ms ± {o.ErrorMs:0.0} ms"));

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Clock of {NodeId}: {Previous} -> {State}: {Reason}")]
    private static partial void LogClockStateChanged(ILogger logger, string nodeId, ClockState previous, ClockState state, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Clock of {NodeId}: {Previous} -> Ok, a majority agrees with it again (offsets: {Offsets})")]
    private static partial void LogClockOk(ILogger logger, string nodeId, ClockState previous, string offsets);
}
