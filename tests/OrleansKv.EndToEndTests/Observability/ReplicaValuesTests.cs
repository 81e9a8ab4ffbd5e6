using System.Net;
using System.Text.Json;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>GET /admin/replicas/{key}?values=true and the shell's replicas command, on real processes with a real kill -9.</summary>
public sealed class ReplicaValuesTests
{
    [Fact]
    public async Task A_replica_that_was_down_during_a_write_shows_as_stale_and_looking_repairs_nothing()
    {
        // Hints and read repair would heal the stale copy before it can be looked at.
        await using var cluster = await ProcessCluster.StartAsync(
            3, "--OrleansKv:HintedHandoff:Enabled=false", "--OrleansKv:ReadRepair:Enabled=false");
        var (coordinator, victim) = (cluster[1], cluster[3]);
        var first = await coordinator.Http.PutAsync("/keys/inspected", """{"value": "first", "consistency": "all"}""");
        Assert.Equal(HttpStatusCode.OK, first.Status);

        await victim.KillAsync();
        await cluster.WaitUntilSeenDownAsync(coordinator, victim.NodeId);
        var second = await coordinator.Http.PutAsync("/keys/inspected", """{"value": "second", "consistency": "quorum"}""");
        Assert.Equal(2, second.Int("successful_replicas"));
        var whileDown = await coordinator.Http.GetJsonAsync("/admin/replicas/inspected?values=true");
        Assert.Equal(("down", "down"), (Copy(whileDown, victim.NodeId).GetProperty("status").GetString(), Copy(whileDown, victim.NodeId).GetProperty("state").GetString()));

        victim.Start();
        await cluster.WaitUntilAllSeeAllUpAsync();
        var view = await coordinator.Http.GetJsonAsync("/admin/replicas/inspected?values=true");
        var again = await cluster[2].Http.GetJsonAsync("/admin/replicas/inspected?values=true");

        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal(second.Text("version"), view.Text("newest_version"));
        Assert.Equal(1, view.Int("stale_replicas"));
        var stale = Copy(view, victim.NodeId);
        Assert.Equal("stale", stale.GetProperty("state").GetString());
        Assert.True(stale.GetProperty("stale").GetBoolean());
        Assert.Equal(first.Text("version"), stale.GetProperty("version").GetString());
        Assert.Equal("first", stale.GetProperty("value").GetString());
        foreach (var survivor in new[] { cluster[1], cluster[2] })
        {
            var current = Copy(view, survivor.NodeId);
            Assert.Equal("current", current.GetProperty("state").GetString());
            Assert.Equal(second.Text("version"), current.GetProperty("version").GetString());
            Assert.Equal("second", current.GetProperty("value").GetString());
        }

        // Looking twice, from another node, still shows the old copy: the view repairs nothing.
        Assert.Equal(first.Text("version"), Copy(again, victim.NodeId).GetProperty("version").GetString());

        var shell = await ProcessRun.RunAsync(SiloBinary.ShellStartInfo(["--gateway", $"127.0.0.1:{coordinator.GatewayPort}", "--plain"]), "replicas inspected\n");
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Contains("  stale 1\n", shell.Output);
        var victimLine = shell.Output.Split('\n').Single(l => l.Contains($" {victim.NodeId} "));
        Assert.Contains("stale", victimLine);
        Assert.Contains(first.Text("version"), victimLine);
        Assert.Contains("first", victimLine);
    }

    private static JsonElement Copy(HttpJson.Reply view, string nodeId) =>
        view.Body.GetProperty("replicas").EnumerateArray().Single(r => r.GetProperty("node_id").GetString() == nodeId);
}
