using Microsoft.Extensions.Logging;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// What a node does about the ring when its silo becomes active: a member carries on (and
/// resumes a change it was driving; a node that was down during a change drops what it no
/// longer owns), a new node joins in the background, and a node the ring removed refuses to start while its data
/// directory still holds data from then (that data may predate deletes whose tombstones are gone).
/// </summary>
public sealed partial class RingAdmission(
    RingFollower ring, RingChangeDriver driver, OwnershipCleanup cleanup, IKeyValueStore store, ILocalSiloDetails silo, ILogger<RingAdmission> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RingAdmission), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellation)
    {
        // Read again now that this silo is active: a change that began while it started, and whose
        // driver did not yet count it among the nodes to wait for, is followed before it serves.
        await ring.RefreshAsync(cancellation);
        var record = ring.Topology.Record;
        var member = record.Member(silo.Name);
        if (member?.State == RingMemberState.Removed && !store.IsEmpty)
        {
            throw new InvalidOperationException(
                $"{silo.Name} was removed from the ring (epoch {record.Epoch}) and its data directory {store.Location} still holds its old data; " +
                "empty that directory to join again as a new node.");
        }

        if (member is { State: not RingMemberState.Removed })
        {
            driver.ResumeIfDriver();
            if (ring.Topology.Settled)
            {
                cleanup.Start(record.Epoch);
            }

            return;
        }

        _ = JoinAsync();
    }

    private async Task JoinAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await driver.JoinAsync(_stopping.Token);
                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // E.g. the ring store was unreachable for a moment: try again.
                LogJoinFailed(logger, silo.Name, ex);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private Task StopAsync(CancellationToken cancellation)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "{NodeId} could not join the ring yet; retrying")]
    private static partial void LogJoinFailed(ILogger logger, string nodeId, Exception exception);
}
