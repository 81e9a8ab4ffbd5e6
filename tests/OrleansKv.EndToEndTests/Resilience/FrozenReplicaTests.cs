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
        await using var cluster = await ProcessCluster.StartAsync(3);
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
            Assert.True(quorumTook < TimeSpan.FromMilliseconds(900), $"quorum write took {quorumTook.TotalMilliseconds:0} ms with a frozen replica");
            Assert.Equal((HttpStatusCode)503, all.Status);
            Assert.True(allTook < TimeSpan.FromSeconds(5), $"write at all took {allTook.TotalSeconds:0.0} s");
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
