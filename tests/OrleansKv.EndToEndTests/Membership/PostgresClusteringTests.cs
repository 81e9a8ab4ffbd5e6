using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Membership;

/// <summary>Cluster membership on a real PostgreSQL: the multi-host option.</summary>
public sealed class PostgresClusteringTests
{
    [Fact]
    public async Task Nodes_sharing_a_postgres_membership_table_survive_kill_9_of_node1_and_it_rejoins()
    {
        await using var postgres = await TestPostgres.CreateDatabaseAsync();
        await using var cluster = await ProcessCluster.StartAsync(3, "--postgres", postgres.ConnectionString);

        var before = await cluster[1].Http.PutAsync("/keys/pg", """{"value": "on postgres", "consistency": "all"}""");
        await cluster[1].KillAsync();
        await cluster.WaitUntilSeenDownAsync(cluster[2], "node1");
        var during = await cluster[3].Http.PutAsync("/keys/pg-during", """{"value": 2}""");
        cluster[1].Start();
        await cluster.WaitUntilAllSeeAllUpAsync();
        var after = await cluster[1].Http.GetJsonAsync("/keys/pg?consistency=all");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.OK, during.Status);
        Assert.Equal("on postgres", after.Text("value"));
    }

    [Fact]
    public async Task The_shell_finds_the_cluster_through_postgres_membership()
    {
        await using var postgres = await TestPostgres.CreateDatabaseAsync();
        // Two nodes hold two copies: `all` on a ring smaller than the replication factor is refused.
        await using var cluster = await ProcessCluster.StartAsync(2, "--postgres", postgres.ConnectionString, "--replication-factor", "2");

        var run = await ProcessRun.RunAsync(SiloBinary.ShellStartInfo(["--postgres", postgres.ConnectionString, "-c", "put pg-shell v all; get pg-shell"]));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("pg-shell = \"v\"", run.Output);
    }

    [Fact]
    public async Task A_second_process_with_an_active_node_id_is_refused_naming_the_active_one()
    {
        await using var postgres = await TestPostgres.CreateDatabaseAsync();
        await using var cluster = await ProcessCluster.StartAsync(2, "--postgres", postgres.ConnectionString);
        var elsewhere = Path.Combine(Path.GetTempPath(), "orleanskv-duplicate-" + Guid.NewGuid().ToString("N"));

        var run = await ProcessRun.RunAsync(SiloBinary.StartInfo(
        [
            "node", "--node-id", "2", "--data-dir", elsewhere, "--postgres", postgres.ConnectionString,
            "--http-port", FreePorts.Next().ToString(), "--silo-port", FreePorts.Next().ToString(), "--gateway-port", FreePorts.Next().ToString(),
        ]));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"node2 is already active in this cluster, at 127.0.0.1:{cluster[2].SiloPort}", run.Errors);
        Assert.True(await cluster[2].IsReadyAsync());
    }
}
