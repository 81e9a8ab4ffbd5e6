using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Resilience;

/// <summary>Real processes, real kill -9. Each test owns its cluster.</summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task After_kill_9_of_a_node_quorum_works_through_survivors_all_fails_and_a_restart_restores_all(int victim)
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var survivors = cluster.Nodes.Where(n => n.Number != victim).ToList();
        await survivors[0].Http.PutAsync("/keys/before", """{"value": "written before the crash", "consistency": "all"}""");

        await cluster[victim].KillAsync();
        await cluster.WaitUntilSeenDownAsync(survivors[0], cluster[victim].NodeId);
        await cluster.WaitUntilSeenDownAsync(survivors[1], cluster[victim].NodeId);

        var put = await survivors[0].Http.PutAsync("/keys/during", """{"value": "written during the outage"}""");
        var read = await survivors[1].Http.GetJsonAsync("/keys/before?consistency=quorum");
        var all = await survivors[1].Http.PutAsync("/keys/during", """{"value": 1, "consistency": "all"}""");
        var allRead = await survivors[0].Http.GetJsonAsync("/keys/before?consistency=all");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(2, put.Int("successful_replicas"));
        Assert.Contains(put.Body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(cluster[victim].NodeId));
        Assert.Equal("written before the crash", read.Text("value"));
        Assert.Equal((HttpStatusCode)503, all.Status);
        Assert.Equal(3, all.Int("required_replicas"));
        // Too few replicas up: none was called, so the write was not applied anywhere.
        Assert.False(all.Body.GetProperty("may_have_been_applied").GetBoolean());
        Assert.Equal("all", all.Text("consistency_level"));
        Assert.Equal(3, all.Int("total_possible_replicas"));
        Assert.Contains(all.Body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(cluster[victim].NodeId));
        Assert.Equal((HttpStatusCode)503, allRead.Status);

        cluster[victim].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();

        var allAgain = await cluster[victim].Http.PutAsync("/keys/after", """{"value": "back", "consistency": "all"}""");
        var before = await cluster[victim].Http.GetJsonAsync("/keys/before?consistency=all");
        Assert.Equal(HttpStatusCode.OK, allAgain.Status);
        Assert.Equal(3, allAgain.Int("successful_replicas"));
        Assert.Equal("written before the crash", before.Text("value"));
    }

    [Fact]
    public async Task Every_key_written_at_quorum_is_there_after_the_whole_cluster_stops_and_starts_again()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var keys = Enumerable.Range(0, 60).Select(i => $"persist-{i}").ToList();
        foreach (var key in keys)
        {
            var put = await cluster[1 + keys.IndexOf(key) % 3].Http.PutAsync($"/keys/{key}", $$"""{"value": "{{key}}"}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
        }

        await cluster.StopAllAsync();
        foreach (var node in cluster.Nodes)
        {
            node.Start();
        }

        await cluster.WaitUntilAllSeeAllUpAsync();
        foreach (var key in keys)
        {
            var get = await cluster[2].Http.GetJsonAsync($"/keys/{key}?consistency=quorum");
            Assert.True(get.Status == HttpStatusCode.OK, $"GET {key} after the restart answered {(int)get.Status}: {get.Body}");
            Assert.Equal(key, get.Text("value"));
        }
    }

    [Theory]
    [InlineData(-1)] // the default: fsync left to the OS
    [InlineData(0)]  // each write group fsynced before it is acknowledged
    [InlineData(20)] // the write-ahead log fsynced every 20 ms
    public async Task Writes_acknowledged_at_quorum_survive_kill_9_of_every_node(int fsyncIntervalMs)
    {
        await using var cluster = await ProcessCluster.StartAsync(3, $"--OrleansKv:Storage:FsyncIntervalMs={fsyncIntervalMs}");
        var keys = Enumerable.Range(0, 40).Select(i => $"crash-{i}").ToList();
        await Task.WhenAll(keys.Select(async key =>
        {
            var put = await cluster[1].Http.PutAsync($"/keys/{key}", $$"""{"value": "{{key}}"}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
        }));

        foreach (var node in cluster.Nodes)
        {
            await node.KillAsync();
        }

        foreach (var node in cluster.Nodes)
        {
            node.Start();
        }

        await cluster.WaitUntilAllSeeAllUpAsync();
        foreach (var key in keys)
        {
            var get = await cluster[3].Http.GetJsonAsync($"/keys/{key}?consistency=quorum");
            Assert.True(get.Status == HttpStatusCode.OK, $"GET {key} after the restart answered {(int)get.Status}: {get.Body}");
            Assert.Equal(key, get.Text("value"));
        }
    }
}
