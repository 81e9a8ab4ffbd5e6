using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using OrleansKv.Silo.Membership;

namespace OrleansKv.IntegrationTests.Membership;

/// <summary>A node with another cluster certificate than the running nodes is refused before it joins; with nothing running there is nothing to compare with.</summary>
public sealed class ClusterCertificateCheckTests : IDisposable
{
    private const string Cluster = "c";
    private const string ClusterCertificate = "sha256:AA11";
    private readonly TestDirectory _directory = new("certcheck");

    public void Dispose()
    {
        // Pooled connections keep the SQLite file open.
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_node_whose_certificate_differs_from_every_running_node_is_refused_naming_theirs()
    {
        var store = await SqliteMembershipStore.EnsureCreatedAsync(_directory.Path);
        using var node1Silo = new TcpListener(IPAddress.Loopback, 0);
        node1Silo.Start();
        // node1 started first, alone: nothing to compare with; it records its certificate.
        await CheckAsync(store, "node1", ClusterCertificate);
        await AddActiveRowAsync(store, "node1", ((IPEndPoint)node1Silo.LocalEndpoint).Port);

        var none = await Assert.ThrowsAsync<ClusterCertificateMismatchException>(() => CheckAsync(store, "node2", ClusterCertificateCheck.None));
        var other = await Assert.ThrowsAsync<ClusterCertificateMismatchException>(() => CheckAsync(store, "node3", "sha256:BB22"));
        await CheckAsync(store, "node4", ClusterCertificate);

        Assert.Equal(
            "node2 cannot join this cluster: it has no cluster certificate (plain TCP), but the running nodes do not " +
            "(node1 uses the cluster certificate sha256:AA11); start it with the cluster's --cluster-cert.",
            none.Message);
        Assert.Contains("it has the cluster certificate sha256:BB22", other.Message);
    }

    [Fact]
    public async Task With_no_running_node_any_certificate_starts_so_a_new_one_is_rolled_out_by_restarting_every_node()
    {
        var store = await SqliteMembershipStore.EnsureCreatedAsync(_directory.Path);
        await CheckAsync(store, "node1", ClusterCertificate);
        // An Active row whose silo port does not answer: a node that crashed and is not yet declared dead.
        using (var closed = new TcpListener(IPAddress.Loopback, 0))
        {
            closed.Start();
            await AddActiveRowAsync(store, "node1", ((IPEndPoint)closed.LocalEndpoint).Port);
        }

        await CheckAsync(store, "node2", "sha256:CC33");
    }

    private static Task CheckAsync(string store, string node, string fingerprint) =>
        ClusterCertificateCheck.EnsureSameAsRunningNodesAsync(SqliteMembershipStore.Invariant, store, Cluster, node, fingerprint, CancellationToken.None);

    private static async Task AddActiveRowAsync(string store, string node, int port)
    {
        await using var connection = new SqliteConnection(store);
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, StartTime, IAmAliveTime)
            VALUES (@cluster, '127.0.0.1', @port, 1, @node, 'test', 3, '2026-01-01', '2026-01-01');
            """;
        insert.Parameters.AddWithValue("@cluster", Cluster);
        insert.Parameters.AddWithValue("@port", port);
        insert.Parameters.AddWithValue("@node", node);
        await insert.ExecuteNonQueryAsync();
    }
}
