using Npgsql;
using OrleansKv.Grains.Ring;
using OrleansKv.Silo.Membership;
using OrleansKv.Silo.Membership.Schema;

namespace OrleansKv.IntegrationTests.Membership;

/// <summary>Versioned schema upgrades of a real PostgreSQL cluster database, and the ring record's compare-and-swap in it.</summary>
public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task A_postgres_database_from_the_release_before_versioned_schemas_upgrades_in_place_and_keeps_its_membership_rows()
    {
        await using var postgres = await TestPostgres.CreateDatabaseAsync();
        await using (var old = new NpgsqlConnection(postgres.ConnectionString))
        {
            await old.OpenAsync();
            await ExecuteAsync(old, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Membership", "Fixtures", "release1-postgres-clustering.sql")));
            await ExecuteAsync(old, """
                INSERT INTO OrleansMembershipVersionTable (DeploymentId, Version) VALUES ('orleanskv', 7);
                INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                VALUES ('orleanskv', '10.0.0.1', 11111, 1, 'node1', 'host', 3, 30001, now(), now());
                """);
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresMembershipSchema.EnsureCreatedAsync(postgres.ConnectionString)));

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(ClusterSchema.LatestVersion, await SchemaMigrator.CurrentVersionAsync(connection, null, CancellationToken.None));
        Assert.Equal("node1", await ScalarAsync(connection, "SELECT SiloName FROM OrleansMembershipTable"));
        Assert.Equal(7, await ScalarAsync(connection, "SELECT Version FROM OrleansMembershipVersionTable"));
        Assert.Equal((long)ClusterSchema.LatestVersion, await ScalarAsync(connection, "SELECT COUNT(*) FROM orleanskv_schema_history"));

        var store = PostgresMembershipSchema.RingStore(postgres.ConnectionString, "orleanskv");
        var first = RingChanges.Bootstrap(["node1", "node2", "node3"], 8, DateTimeOffset.UtcNow);
        Assert.True(await store.TryWriteAsync(first, CancellationToken.None));
        Assert.False(await store.TryWriteAsync(first, CancellationToken.None));
        Assert.True(await store.TryWriteAsync(RingChanges.Join(first, "node4", 8, DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.False(await store.TryWriteAsync(RingChanges.Leave(first, "node1", "node1", 0, DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.Equal(2, (await store.ReadAsync(CancellationToken.None)).Epoch);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
