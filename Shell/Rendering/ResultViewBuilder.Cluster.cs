using OrleansKv.Cluster;
using OrleansKv.Jobs;
using OrleansKv.Shell.Execution;

namespace OrleansKv.Shell.Rendering;

/// <summary>Views of the cluster: status, nodes, ring, replicas, switch, repair and ring changes.</summary>
public static partial class ResultViewBuilder
{
    private static ResultView Status(NodeStatusOutcome outcome)
    {
        var member = outcome.Member;
        var stats = outcome.Stats;
        var isUp = stats is not null || member?.IsUp == true;
        var fields = new List<Field>
        {
            new("node", outcome.NodeId + (outcome.IsCurrent ? " (current)" : "")),
            new("state", DisplayText.UpDown(isUp)),
            new("address", DisplayText.SiloAddress(stats?.SiloAddress ?? member?.SiloAddress ?? "unknown")),
        };
        if (stats is not null)
        {
            fields.Add(new("process", stats.ProcessId.ToString()));
            fields.Add(new("started", stats.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'")));
            fields.Add(new("local keys", stats.LiveKeys.ToString()));
            fields.Add(new("tombstones", stats.Tombstones.ToString()));
            var convergence = stats.Convergence;
            fields.Add(new("hints pending", new Cell(
                convergence.HintsPending == 0
                    ? "0"
                    : $"{convergence.HintsPending} ({string.Join(", ", convergence.HintsPendingByNode.Select(h => $"{h.NodeId}: {h.Count}"))})",
                convergence.HintsPending == 0 ? Tone.Good : Tone.Warning)));
            fields.Add(new("hints delivered", $"{convergence.HintsDelivered} ({convergence.HintsDropped} expired)"));
            fields.Add(new("read repairs", convergence.ReadRepairs.ToString()));
            fields.Add(new("tombstones purged", convergence.TombstonesPurged.ToString()));
            if (convergence.RepairRequired)
            {
                fields.Add(new("repair", new Cell("required before it serves reads (away longer than the grace period)", Tone.Bad)));
            }
            if (stats.Clock is { } clock)
            {
                fields.Add(new("clock", ClockCell(clock)));
            }

            if (stats.SampleKeys.Length > 0)
            {
                fields.Add(new("sample keys", string.Join(", ", stats.SampleKeys)));
            }

            fields.Add(new("gateway port", stats.GatewayPort?.ToString() ?? "none"));
            fields.Add(new("http", stats.HttpUrl ?? "none"));
            fields.Add(new("data dir", stats.DataDirectory));
        }
        else
        {
            fields.Add(new("stats", new Cell($"unavailable ({outcome.StatsError})", Tone.Bad)));
        }

        if (outcome.Ring is { } ring)
        {
            fields.Add(new("ring members", RingMembers(ring)));
            fields.Add(new("replication factor", ring.ReplicationFactor.ToString()));
            fields.Add(new("ring epoch", ring.Epoch.ToString()));
            if (member is not null)
            {
                fields.Add(new("ring state", RingState(member.State)));
                fields.Add(new("ring share", $"{DisplayText.Share(member.Share)} ({member.Tokens} tokens)"));
            }
        }

        if (outcome.Streaming is { } streaming)
        {
            fields.Add(new("ring change", DisplayText.StreamingCell(streaming)));
        }

        fields.Add(Took(outcome.Elapsed));
        return new ResultView(new Cell($"{outcome.NodeId} is {(isUp ? "up" : "down")}", isUp ? Tone.Good : Tone.Bad), fields);
    }

    /// <summary>"ok (node2 +0.4 ms, node3 -1.2 ms)", or the reason in warning or error colours.</summary>
    private static Cell ClockCell(OrleansKv.Time.ClockStatus clock) => clock.State switch
    {
        OrleansKv.Time.ClockState.Fenced => new Cell($"fenced: {clock.Reason}", Tone.Bad),
        OrleansKv.Time.ClockState.Suspect => new Cell($"suspect: {clock.Reason}", Tone.Warning),
        _ => new Cell(
            clock.Offsets.Length == 0 ? "ok" : $"ok ({string.Join(", ", clock.Offsets.Select(o => $"{o.NodeId} {o.OffsetMs:+0.0;-0.0} ms"))})",
            Tone.Good),
    };

    private static ResultView Nodes(NodesOutcome outcome)
    {
        var ring = outcome.Ring;
        var rows = ring.Nodes.Select(n =>
        {
            outcome.Stats.TryGetValue(n.NodeId, out var stats);
            return (IReadOnlyList<Cell>)
            [
                n.NodeId + (n.NodeId == outcome.CurrentNode ? " *" : ""),
                DisplayText.UpDown(n.IsUp),
                RingState(n.State),
                DisplayText.SiloAddress(n.SiloAddress ?? stats?.SiloAddress ?? "-"),
                stats?.LiveKeys.ToString() ?? "-",
                DisplayText.Share(n.Share),
                stats?.ProcessId.ToString() ?? "-",
                stats?.GatewayPort?.ToString() ?? "-",
            ];
        }).ToList();
        return new ResultView(
            new Cell($"{RingMembers(ring)}, replication factor {ring.ReplicationFactor}"),
            [new("current", outcome.CurrentNode + " (marked *)"), Took(outcome.Elapsed)],
            new TableView(["node", "state", "ring", "address", "local keys", "ring share", "pid", "gateway"], rows));
    }

    private static ResultView Ring(RingOutcome outcome)
    {
        var ring = outcome.Ring;
        var rows = ring.Nodes.Select(n => (IReadOnlyList<Cell>)
        [
            n.NodeId + (n.NodeId == outcome.CurrentNode ? " *" : ""),
            DisplayText.UpDown(n.IsUp),
            RingState(n.State),
            n.Tokens.ToString(),
            DisplayText.Share(n.Share),
        ]).ToList();
        return new ResultView(
            new Cell($"ring of {RingMembers(ring)}, epoch {ring.Epoch}"),
            [
                new("epoch", $"{ring.Epoch} (grows by one on every ring change)"),
                new("replication factor", ring.ReplicationFactor.ToString()),
                new("virtual nodes", $"{ring.VirtualNodesPerNode} per node"),
                new("share", "fraction of the token space each node owns as first replica"),
                Took(outcome.Elapsed),
            ],
            new TableView(["node", "state", "ring", "tokens", "share"], rows));
    }

    private static ResultView Replicas(ReplicasOutcome outcome)
    {
        var inspection = outcome.Inspection;
        var up = inspection.Replicas.Count(r => r.State != ReplicaCopyState.Down);
        var stale = inspection.Replicas.Count(r => r.State == ReplicaCopyState.Stale);
        var rows = inspection.Replicas.Select((r, i) => (IReadOnlyList<Cell>)
        [
            (i + 1).ToString(),
            r.NodeId,
            i == 0 ? "primary" : "replica",
            DisplayText.UpDown(r.State != ReplicaCopyState.Down),
            CopyState(r),
            r.Value is null ? "" : r.Value.Version.ToString(),
            r.Value is null ? "" : r.Value.Value is { } bytes ? DisplayText.Value(bytes) : "(deleted)",
        ]).ToList();
        var fields = new List<Field>
        {
            new("token", $"0x{inspection.Token:x16}"),
            new("newest", inspection.Newest is null ? "none: no replica knows the key" : DisplayText.Version(inspection.Newest)),
            new("up", new Cell($"{up}/{inspection.Replicas.Length}", up < inspection.Replicas.Length ? Tone.Warning : Tone.Good)),
            new("stale", new Cell($"{stale}", stale > 0 ? Tone.Warning : Tone.Good)),
            new("coordinator", outcome.CurrentNode),
            Took(outcome.Elapsed),
        };
        return new ResultView(
            new Cell($"{inspection.Key} is held by {DisplayText.Nodes(inspection.Replicas.Select(r => r.NodeId))}"),
            fields,
            new TableView(["#", "node", "role", "state", "copy", "version", "value"], rows));
    }

    private static Cell CopyState(ReplicaCopy copy) => copy.State switch
    {
        ReplicaCopyState.Current => new Cell("current", Tone.Good),
        ReplicaCopyState.Stale => new Cell("stale", Tone.Warning),
        ReplicaCopyState.Absent => new Cell("absent", Tone.Muted),
        ReplicaCopyState.Down => new Cell("-", Tone.Muted),
        _ => new Cell(copy.Error is null ? "unreachable" : $"unreachable: {copy.Error}", Tone.Bad),
    };

    private static ResultView Switched(SwitchedOutcome outcome) => outcome.IsUp switch
    {
        false => new ResultView(
            new Cell($"now on {outcome.NodeId}, which is down: requests will fail until it is back.", Tone.Warning), []),
        null => new ResultView(
            new Cell($"now on {outcome.NodeId} (the ring could not be read to check it).", Tone.Warning), []),
        true => new ResultView(new Cell($"now on {outcome.NodeId}", Tone.Good), []),
    };

    /// <summary>A node's place in the ring record: normal, or joining / leaving while a change moves its ranges.</summary>
    private static Cell RingState(string state) => new(state, state == "normal" ? Tone.Normal : Tone.Warning);

    private static ResultView RingChange(RingChangeOutcome outcome)
    {
        var p = outcome.Progress;
        var decommissioned = p.Kind == JobKind.Decommission;
        var fields = new List<Field>
        {
            new("change", $"{p.KindName} of {p.NodeId}, driven by {outcome.Driver}"),
            new("ring epoch", outcome.Epoch.ToString()),
            // The driver may finish (and a decommissioned node exit) between two polls: then its last report is not its final one.
            new(p.Phase == JobPhase.Done ? "streamed" : "last report", DisplayText.StreamingCell(p)),
        };
        if (decommissioned)
        {
            fields.Add(new("process", $"{outcome.NodeId} stops now that its ranges have new owners"));
        }

        if (outcome.SwitchedTo is { } switchedTo)
        {
            fields.Add(new("now on", new Cell($"{switchedTo} (the shell was on {outcome.NodeId})", Tone.Warning)));
        }

        fields.Add(Took(outcome.Elapsed));
        return new ResultView(
            new Cell($"{outcome.NodeId} {(decommissioned ? "decommissioned" : "removed")}: it is out of the ring (epoch {outcome.Epoch})", Tone.Good),
            fields);
    }

    private static string RingMembers(RingDescription ring) =>
        $"{ring.Nodes.Length} nodes ({ring.Nodes.Count(n => n.IsUp)} up)";

    private static ResultView Repair(RepairOutcome outcome)
    {
        var s = outcome.Status;
        var done = s.Phase == JobPhase.Done;
        var fields = new List<Field>
        {
            new("ranges", $"{s.RangesDone}/{s.RangesTotal}"),
            new("keys exchanged", $"{s.KeysExchanged} ({s.KeysSent} sent, {s.KeysReceived} received)"),
            new("bytes", $"{s.BytesSent} sent, {s.BytesReceived} received"),
            new("started", s.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'")),
        };
        if (s.Error is not null)
        {
            fields.Add(new("note", new Cell(s.Error, done ? Tone.Warning : Tone.Bad)));
        }

        fields.Add(Took(outcome.Elapsed));
        return new ResultView(
            new Cell($"repair of {s.NodeId} {(done ? "done" : "failed")}", done ? Tone.Good : Tone.Bad), fields, IsError: !done);
    }
}
