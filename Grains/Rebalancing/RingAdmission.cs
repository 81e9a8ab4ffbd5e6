using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Storage;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// What a node does about the ring when its silo becomes active: a member carries on (and
/// resumes a change it was driving; a node that was down during a change drops what it no
/// longer owns), a new node joins in the background (a job of the <see cref="RingChangeDriver"/>),
/// and a node the ring removed refuses to start while its data directory still holds data from
/// then (that data may predate deletes whose tombstones are gone).
/// </summary>
public sealed class RingAdmission(RingFollower ring, RingChangeDriver driver, OwnershipCleanup cleanup, IKeyValueStore store, ILocalSiloDetails silo)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RingAdmission), ServiceLifecycleStage.Active, StartAsync);

    private async Task StartAsync(CancellationToken cancellation)
    {
        // Read again now that this silo is active: a change that began while it started, and whose
        // driver did not yet count it among the nodes to wait for, is followed before it serves.
        await ring.RefreshAsync(cancellation);
        var record = ring.Topology.Record;
        var member = record.Member(silo.Name);
        if (member?.State == RingMemberState.Removed && !store.IsEmpty)
        {
            throw new RemovedFromRingException(
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

        driver.StartJoining();
    }
}
