using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.Shell.Execution;

/// <summary>Turns what a cluster call threw into a message a user can act on (never a stack trace).</summary>
public static class FailureDescriptions
{
    public static FailedOutcome Describe(Exception exception, string coordinatorNode, TimeSpan timeout) => exception switch
    {
        NodeUnavailableException e => new FailedOutcome(
            $"{e.NodeId} is down: it cannot serve requests.",
            e.NodeId == coordinatorNode ? ["'nodes' lists the nodes that are up; 'switch N' moves to one."] : []),
        ConsistencyNotMetException e => ConsistencyNotMet(e),
        ConditionFailedException e => new FailedOutcome(
            $"condition failed for '{e.Key}' ({e.Condition}): nothing was written.",
            e.Found
                ? [$"current value {Rendering.DisplayText.Value(e.CurrentValue!)}", $"current version {Rendering.DisplayText.Version(e.CurrentVersion!)}"]
                : ["the key is absent (never written, deleted or expired)"]),
        InvalidRequestException e => new FailedOutcome($"invalid request: {MessageText.FirstLine(e.Message)}"),
        RingChangeRejectedException e => new FailedOutcome($"ring change refused: {MessageText.FirstLine(e.Message)}."),
        TimeoutException => new FailedOutcome(
            $"{coordinatorNode} did not answer within {timeout.TotalSeconds:0.#} s; it may be down or overloaded."),
        OperationCanceledException => new FailedOutcome("cancelled."),
        SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException => new FailedOutcome(
            $"lost contact with the cluster: {MessageText.FirstLine(exception.Message)}"),
        _ => new FailedOutcome($"{exception.GetType().Name}: {MessageText.FirstLine(exception.Message)}"),
    };

    private static FailedOutcome ConsistencyNotMet(ConsistencyNotMetException e)
    {
        var details = new List<string>
        {
            $"acknowledged by: {(e.AcknowledgedBy.Length == 0 ? "none" : string.Join(", ", e.AcknowledgedBy))}",
        };
        details.AddRange(e.Failures.Select(f => $"failed {f.NodeId}: {f.Reason}"));
        return new FailedOutcome(
            $"consistency level {e.Level.ToWireName()} not met for '{e.Key}': acknowledged " +
            $"{e.AcknowledgedBy.Length}/{e.TotalReplicas}, {e.RequiredReplicas} required.",
            details);
    }
}
