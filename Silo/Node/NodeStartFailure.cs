using System.Data.Common;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService;
using OrleansKv.Grains.Rebalancing;
using OrleansKv.Grains.Storage;
using OrleansKv.Silo.Membership;

namespace OrleansKv.Silo.Node;

/// <summary>
/// What a failed start of the node means: try again (the membership store or the peers are not
/// reachable yet), or exit with a code that tells a supervisor whether to restart
/// (<see cref="NodeExitCode"/>). Unknown failures are not classified: they stay exceptions.
/// </summary>
public sealed record NodeStartFailure(bool Retry, int ExitCode, string Message)
{
    public static NodeStartFailure? Of(Exception failure, NodeSettings settings)
    {
        var chain = Chain(failure).ToList();
        if (chain.OfType<OptionsValidationException>().FirstOrDefault() is { } invalid)
        {
            return Exit(NodeExitCode.InvalidConfiguration, $"{settings.NodeId}: invalid configuration: {string.Join(" ", invalid.Failures)}");
        }

        if (chain.OfType<RemovedFromRingException>().FirstOrDefault() is { } removed)
        {
            return DoNotRestart(settings, removed.Message);
        }

        if (chain.OfType<ClusterCertificateMismatchException>().FirstOrDefault() is { } mismatch)
        {
            return DoNotRestart(settings, mismatch.Message);
        }

        if (chain.OfType<StorageOpenException>().FirstOrDefault() is { InUse: true })
        {
            return Exit(NodeExitCode.StartFailed,
                $"{settings.NodeId} could not start: its data directory {settings.NodeDataDirectory} is in use by another process (is {settings.NodeId} already running?).");
        }

        // Peers in the membership table that do not answer yet (a cut not yet healed, a node
        // starting on a slow machine), or a membership store that is down for a moment.
        if (chain.OfType<OrleansClusterConnectivityCheckFailedException>().Any() || chain.OfType<DbException>().Any(d => d.IsTransient))
        {
            return new NodeStartFailure(Retry: true, NodeExitCode.StartFailed, failure.GetBaseException().Message);
        }

        return failure is IOException or System.Net.Sockets.SocketException or InvalidOperationException or Orleans.Runtime.OrleansException
            ? Exit(NodeExitCode.StartFailed, $"{settings.NodeId} could not start: {failure.GetBaseException().Message}")
            : null;
    }

    private static NodeStartFailure Exit(int code, string message) => new(Retry: false, code, message);

    private static NodeStartFailure DoNotRestart(NodeSettings settings, string reason) =>
        Exit(NodeExitCode.DoNotRestart, $"{settings.NodeId} stops for good (exit code {NodeExitCode.DoNotRestart}: do not restart it as it is): {reason}");

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        var pending = new Stack<Exception>([failure]);
        while (pending.TryPop(out var next))
        {
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
