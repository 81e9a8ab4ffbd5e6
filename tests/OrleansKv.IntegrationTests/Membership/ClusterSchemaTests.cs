using Microsoft.Data.Sqlite;
using OrleansKv.Grains.Ring;
using OrleansKv.Ring;
using OrleansKv.Silo.Membership;
using OrleansKv.Silo.Membership.Schema;

namespace OrleansKv.IntegrationTests.Membership;

/// <summary>Versioned schema upgrades of the SQLite cluster file, and the ring record's compare-and-swap in it.</summary>
public sealed class ClusterSchemaTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanskv-schema-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_file_from_the_release_before_versioned_schemas_upgrades_in_place_and_keeps_its_membership_rows()
    {
        Directory.CreateDirectory(_directory);
        await using (var old = new SqliteConnection(SqliteMembershipStore.ConnectionString(_directory)))
        {
            await old.OpenAsync();
            await ExecuteAsync(old, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Membership", "Fixtures", "release1-sqlite-clustering.sql")));
            // The row first: its insert trigger would bump the version row otherwise.
            await ExecuteAsync(old, """
                INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                VALUES ('orleanskv', '127.0.0.1', 11111, 1, 'node1', 'host', 3, 30001, '2026-11-01', '2026-11-01');
                INSERT INTO OrleansMembershipVersionTable (DeploymentId, Version) VALUES ('orleanskv', 7);
                """);
        }

        await SqliteMembershipStore.EnsureCreatedAsync(_directory);

        await using var connection = new SqliteConnection(SqliteMembershipStore.ConnectionString(_directory));
        await connection.OpenAsync();
        Assert.Equal(ClusterSchema.LatestVersion, await SchemaMigrator.CurrentVersionAsync(connection, null, CancellationToken.None));
        Assert.Equal("node1", await ScalarAsync(connection, "SELECT SiloName FROM OrleansMembershipTable"));
        Assert.Equal(7L, await ScalarAsync(connection, "SELECT Version FROM OrleansMembershipVersionTable"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM orleanskv_ring"));
        Assert.Empty(await SchemaMigrator.MigrateAsync(connection, ClusterSchema.Sqlite, CancellationToken.None));
    }

    [Fact]
    public async Task Migrations_apply_in_order_once_each_even_when_many_nodes_start_at_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SqliteMembershipStore.EnsureCreatedAsync(_directory))));

        await using var connection = new SqliteConnection(SqliteMembershipStore.ConnectionString(_directory));
        await connection.OpenAsync();
        var versions = new List<long>();
        await using (var command = new SqliteCommand("SELECT version FROM orleanskv_schema_history ORDER BY rowid", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                versions.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(Enumerable.Range(1, ClusterSchema.LatestVersion).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task The_ring_record_changes_only_from_the_epoch_it_was_read_at()
    {
        var store = SqliteMembershipStore.RingStore(await SqliteMembershipStore.EnsureCreatedAsync(_directory), "orleanskv");
        var first = RingChanges.Bootstrap(["node1", "node2", "node3"], 8, DateTimeOffset.UtcNow);
        var joining = RingChanges.Join(first, "node4", 8, DateTimeOffset.UtcNow);
        var rival = RingChanges.Leave(first, "node3", "node3", 0, DateTimeOffset.UtcNow);

        Assert.Equal(RingRecord.Empty.Epoch, (await store.ReadAsync(CancellationToken.None)).Epoch);
        Assert.True(await store.TryWriteAsync(first, CancellationToken.None));
        Assert.False(await store.TryWriteAsync(first with { ChangeDriver = "again" }, CancellationToken.None));
        Assert.True(await store.TryWriteAsync(joining, CancellationToken.None));
        Assert.False(await store.TryWriteAsync(rival, CancellationToken.None));

        var stored = await store.ReadAsync(CancellationToken.None);
        Assert.Equal(2, stored.Epoch);
        Assert.Equal(RingMemberState.Joining, stored.Member("node4")!.State);
        Assert.Equal(joining.Member("node4")!.Tokens, stored.Member("node4")!.Tokens);
    }

    [Fact]
    public async Task Of_many_nodes_bootstrapping_an_empty_ring_at_once_exactly_one_wins()
    {
        var connection = await SqliteMembershipStore.EnsureCreatedAsync(_directory);
        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => Task.Run(() =>
            SqliteMembershipStore.RingStore(connection, "orleanskv").TryWriteAsync(RingChanges.Bootstrap([$"node{n}"], 8, DateTimeOffset.UtcNow), CancellationToken.None))));

        Assert.Single(results, won => won);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
