using OrleansKv.Consistency;
using OrleansKv.Results;
using OrleansKv.Shell.Execution;

namespace OrleansKv.Shell.Rendering;

/// <summary>
/// Decides what each outcome shows. Data results (put, get, delete) always show the value,
/// consistency, replicas acknowledged out of possible, coordinator and source nodes, version and
/// time taken; cluster results are in ResultViewBuilder.Cluster.cs.
/// </summary>
public static partial class ResultViewBuilder
{
    /// <summary>The view of an outcome; null when there is nothing to show (quit).</summary>
    public static ResultView? Build(CommandOutcome outcome) => outcome switch
    {
        WriteOutcome write => Write(write),
        ReadOutcome read => Read(read),
        ListOutcome list => List(list),
        TransferOutcome transfer => new ResultView(
            new Cell($"OK {transfer.Operation} of {transfer.Keys} keys {(transfer.Operation == "export" ? "to" : "from")} {transfer.File}", Tone.Good),
            [Took(transfer.Elapsed)]),
        NodeStatusOutcome status => Status(status),
        NodesOutcome nodes => Nodes(nodes),
        RingOutcome ring => Ring(ring),
        ReplicasOutcome replicas => Replicas(replicas),
        RepairOutcome repair => Repair(repair),
        RingChangeOutcome change => RingChange(change),
        SwitchedOutcome switched => Switched(switched),
        HelpOutcome help => HelpView.Build(help.Topic),
        FailedOutcome failed => Failed(failed),
        _ => null,
    };

    private static ResultView Write(WriteOutcome outcome)
    {
        var r = outcome.Result;
        var fields = new List<Field>();
        if (outcome.Value is not null)
        {
            fields.Add(new("value", DisplayText.Value(outcome.Value)));
        }

        if (outcome.ExpiresAt is { } expiresAt)
        {
            fields.Add(new("expires", DisplayText.Expiry(expiresAt, r.Version.WallClock)));
        }

        fields.Add(Consistency(r.Level, r.Replicas.Length));
        fields.Add(Acknowledged(r.AcknowledgedBy, r.Replicas.Length));
        fields.Add(new("coordinator", r.CoordinatorNode));
        fields.Add(new("replicas", DisplayText.Nodes(r.Replicas)));
        fields.AddRange(Failures(r.Failures));
        fields.Add(new("version", DisplayText.Version(r.Version)));
        fields.Add(Took(outcome.Elapsed));
        return new ResultView(new Cell($"OK {outcome.Operation} {r.Key}", Tone.Good), fields);
    }

    private static ResultView Read(ReadOutcome outcome)
    {
        var r = outcome.Result;
        var headline = r.Value is not null
            ? new Cell($"{r.Key} = {DisplayText.Value(r.Value)}", Tone.Good)
            : new Cell($"{r.Key} not found{(r.Version is null ? "" : " (deleted)")}", Tone.Warning);
        List<Field> fields =
        [
            new("value", r.Value is null ? new Cell("none", Tone.Muted) : DisplayText.Value(r.Value)),
            .. Expires(r.ExpiresAt),
            Consistency(r.Level, r.Replicas.Length),
            Acknowledged(r.SourceNodes, r.Replicas.Length),
            new("coordinator", r.CoordinatorNode),
            new("source", DisplayText.Nodes(r.SourceNodes)),
            .. Failures(r.Failures),
            new("version", r.Version is null ? new Cell("none", Tone.Muted) : DisplayText.Version(r.Version)),
            Took(outcome.Elapsed),
        ];
        return new ResultView(headline, fields);
    }

    private static ResultView List(ListOutcome outcome)
    {
        var what = outcome.Prefix.Length == 0 ? "keys" : $"keys starting with '{outcome.Prefix}'";
        var headline = new Cell($"{outcome.Keys.Count} {what}{(outcome.NextCursor is null ? "" : ", more to come")}", outcome.Keys.Count > 0 ? Tone.Good : Tone.Warning);
        var fields = new List<Field>();
        if (outcome.NextCursor is { } next)
        {
            fields.Add(new("next", $"--cursor {next}"));
        }

        fields.Add(Took(outcome.Elapsed));
        var table = outcome.WithValues
            ? new TableView(
                ["key", "value", "version"],
                [.. outcome.Keys.Select(k => (IReadOnlyList<Cell>)[k.Key, DisplayText.Value(k.Value), DisplayText.Version(k.Version)])])
            : new TableView(["key"], [.. outcome.Keys.Select(k => (IReadOnlyList<Cell>)[k.Key])]);
        return new ResultView(headline, fields, table);
    }

    /// <summary>The expiry of a value read, relative to the time the renderer runs (that is when the user reads it).</summary>
    private static IEnumerable<Field> Expires(DateTimeOffset? expiresAt) =>
        expiresAt is { } at ? [new Field("expires", DisplayText.Expiry(at, DateTimeOffset.UtcNow))] : [];

    private static ResultView Failed(FailedOutcome outcome) => new(
        new Cell($"error: {outcome.Message}", Tone.Bad),
        [.. outcome.Details.Select(d => new Field("", d))],
        IsError: true);

    private static Field Consistency(ConsistencyLevel level, int replicas) =>
        new("consistency", $"{level.ToWireName()} ({level.RequiredReplicas(replicas)} of {replicas} required)");

    private static Field Acknowledged(string[] nodes, int possible) => new(
        "acknowledged",
        new Cell($"{nodes.Length}/{possible} ({DisplayText.Nodes(nodes)})", nodes.Length < possible ? Tone.Warning : Tone.Good));

    private static IEnumerable<Field> Failures(ReplicaFailure[] failures) =>
        failures.Select(f => new Field("failed", new Cell($"{f.NodeId}: {f.Reason}", Tone.Bad)));

    private static Field Took(TimeSpan elapsed) => new("took", new Cell(DisplayText.Duration(elapsed), Tone.Muted));
}
