using OrleansKv.Cluster;
using OrleansKv.Jobs;
using OrleansKv.Results;
using OrleansKv.Ring;
using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Execution;

/// <summary>What running one command produced, for a renderer to show.</summary>
public abstract record CommandOutcome
{
    /// <summary>False when the command failed; a script's exit code follows it.</summary>
    public virtual bool Succeeded => true;
}

/// <summary>A put (with the <see cref="Value"/> written) or a delete (Value null) that met its level.</summary>
public sealed record WriteOutcome(string Operation, WriteResult Result, byte[]? Value, TimeSpan Elapsed) : CommandOutcome
{
    /// <summary>When the value written expires (a put with --ttl); null when it never does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

public sealed record ReadOutcome(ReadResult Result, TimeSpan Elapsed) : CommandOutcome;

/// <summary>
/// The keys a listing found (with values for <c>scan</c>), and the cursor to go on from when it
/// stopped before the end (one page asked for, more exist).
/// </summary>
public sealed record ListOutcome(string Prefix, IReadOnlyList<ListedKey> Keys, bool WithValues, string? NextCursor, TimeSpan Elapsed) : CommandOutcome
{
    /// <summary>The command that lists the next page; null on the last page.</summary>
    public ListCommand? Next { get; init; }
}

/// <summary>An export or an import that ran to its end: how many keys went to or came from <see cref="File"/>.</summary>
public sealed record TransferOutcome(string Operation, string File, long Keys, TimeSpan Elapsed) : CommandOutcome;

/// <summary>One node's status. <see cref="Stats"/> is null when the node could not report, with the reason in <see cref="StatsError"/>.</summary>
public sealed record NodeStatusOutcome(
    string NodeId, bool IsCurrent, RingDescription? Ring, NodeStats? Stats, string? StatsError, TimeSpan Elapsed)
    : CommandOutcome
{
    public RingNode? Member => Ring?.Nodes.FirstOrDefault(n => n.NodeId == NodeId);

    /// <summary>The ring change running now (as its driver reports it), else the last one this node drove or streamed for; null if none or unknown.</summary>
    public JobProgress? Streaming { get; init; }
}

/// <summary>Every ring member, with the stats of those that answered.</summary>
public sealed record NodesOutcome(
    RingDescription Ring, IReadOnlyDictionary<string, NodeStats> Stats, string CurrentNode, TimeSpan Elapsed)
    : CommandOutcome;

public sealed record RingOutcome(RingDescription Ring, string CurrentNode, TimeSpan Elapsed) : CommandOutcome;

/// <summary>A repair that ran to its end (done or failed), as its node reported it last.</summary>
public sealed record RepairOutcome(JobProgress Status, TimeSpan Elapsed) : CommandOutcome
{
    public override bool Succeeded => Status.Phase == JobPhase.Done;
}

/// <summary>
/// A decommission or removal that ran to its end: <see cref="NodeId"/> is out of the ring record,
/// which settled at <see cref="Epoch"/>. <see cref="Progress"/> is the driver's last report.
/// </summary>
public sealed record RingChangeOutcome(string NodeId, JobProgress Progress, string Driver, long Epoch, TimeSpan Elapsed) : CommandOutcome
{
    /// <summary>The node the shell moved to because it was on the node that left; null when it stayed.</summary>
    public string? SwitchedTo { get; init; }
}

public sealed record ReplicasOutcome(ReplicaInspection Inspection, string CurrentNode, TimeSpan Elapsed) : CommandOutcome;

/// <summary>The shell now sends requests to <see cref="NodeId"/>; <see cref="IsUp"/> is null when the ring could not be read.</summary>
public sealed record SwitchedOutcome(string NodeId, bool? IsUp) : CommandOutcome;

public sealed record HelpOutcome(string? Topic) : CommandOutcome;

public sealed record QuitOutcome : CommandOutcome;

/// <summary>A command that failed: a one-line message and optional detail lines.</summary>
public sealed record FailedOutcome(string Message, IReadOnlyList<string> Details) : CommandOutcome
{
    public FailedOutcome(string message)
        : this(message, [])
    {
    }

    public override bool Succeeded => false;
}
