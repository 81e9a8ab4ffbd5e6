using System.Diagnostics;
using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>
/// A frozen node (SIGSTOP) is the worst case: its sockets stay open, so calls to it hang until
/// Orleans declares it dead. The coordinator must neither wait for it when it does not need it
/// nor hang when it does.
/// </summary>
public sealed class FrozenReplicaTests
{
    [Fact]
    public async Task A_frozen_replica_neither_slows_quorum_writes_nor_hangs_writes_at_all()
    {
        // Every bound below comes from the replica timeout: a quorum write that waited for the
        // frozen replica would take at least that long, a write at all that hung would take until
        // membership declares the node dead (several seconds after the timeout).
        var replicaTimeout = TimeSpan.FromSeconds(2);
        var quorumBound = TimingBound.Below("Replication:ReplicaTimeout", replicaTimeout);
        var allBound = new TimingBound("Replication:ReplicaTimeout", replicaTimeout, TimeSpan.FromSeconds(3), "the HTTP request and the 503 under load");
        await using var cluster = await ProcessCluster.StartAsync(3, $"--OrleansKv:Replication:ReplicaTimeout={replicaTimeout:c}");
        await cluster[1].Http.PutAsync("/keys/warm", """{"value": 0, "consistency": "all"}""");

        await cluster[3].SignalAsync("STOP");
        try
        {
            var watch = Stopwatch.StartNew();
            var quorum = await cluster[1].Http.PutAsync("/keys/frozen", """{"value": 1, "consistency": "quorum"}""");
            var quorumTook = watch.Elapsed;
            watch.Restart();
            var all = await cluster[1].Http.PutAsync("/keys/frozen", """{"value": 2, "consistency": "all"}""");
            var allTook = watch.Elapsed;

            Assert.Equal(HttpStatusCode.OK, quorum.Status);
            quorumBound.Check(quorumTook, "a quorum write with a frozen replica");
            Assert.Equal((HttpStatusCode)503, all.Status);
            allBound.Check(allTook, "a write at all with a frozen replica");
            Assert.Contains(all.Body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("node3"));
            // Two replicas kept it and the frozen one may apply it when it thaws.
            Assert.True(all.Body.GetProperty("may_have_been_applied").GetBoolean());
        }
        finally
        {
            await cluster[3].SignalAsync("CONT");
        }
    }
}
