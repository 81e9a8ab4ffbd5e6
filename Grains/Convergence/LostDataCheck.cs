using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Replica;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Convergence;

/// <summary>
/// Before the silo serves: a data directory that opened empty belongs either to a new node or
/// to an owner whose data was lost (a replaced disk, a wiped volume). The ring record, read by
/// then (<see cref="RingFollower"/> loads it at <see cref="ServiceLifecycleStage.RuntimeInitialize"/>),
/// tells them apart: an owner must be repaired before it answers for the writes it acknowledged
/// (<see cref="ReplicaReadiness"/>); the anti-entropy schedule starts that repair.
/// </summary>
public sealed class LostDataCheck(RingFollower ring, ReplicaReadiness liveness, ILocalSiloDetails silo) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LostDataCheck), ServiceLifecycleStage.RuntimeServices, Check);

    private Task Check(CancellationToken cancellation)
    {
        if (!liveness.OpenedEmpty)
        {
            return Task.CompletedTask;
        }

        var record = ring.Topology.Record;
        if (record.Member(silo.Name) is { State: RingMemberState.Normal or RingMemberState.Leaving })
        {
            liveness.RequireRepairAfterDataLoss(record.Epoch);
        }
        else
        {
            liveness.ConfirmNewNode();
        }

        return Task.CompletedTask;
    }
}
