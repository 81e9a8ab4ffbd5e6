using Microsoft.Data.Sqlite;
using OrleansKv.Silo.Membership;

namespace OrleansKv.IntegrationTests.Membership;

/// <summary>The SQLite membership store's schema and the optimistic concurrency its queries promise Orleans.</summary>
public sealed class SqliteMembershipStoreTests : IDisposable
{
    private static readonly string[] QueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanskv-membership-" + Guid.NewGuid().ToString("N"));

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
    public async Task Many_nodes_creating_the_store_at_once_all_succeed_and_every_query_is_seeded()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SqliteMembershipStore.EnsureCreatedAsync(_directory))));

        await using var connection = await OpenAsync();
        var keys = new List<string>();
        await using (var reader = await Command(connection, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(QueryKeys.Order(), keys);
        Assert.Equal("wal", await Command(connection, "PRAGMA journal_mode").ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_membership_insert_succeeds_only_with_the_current_table_version_and_bumps_it()
    {
        await SqliteMembershipStore.EnsureCreatedAsync(_directory);
        await using var connection = await OpenAsync();
        Assert.Equal(1L, await RunQueryAsync(connection, "InsertMembershipVersionKey", new() { ["DeploymentId"] = "c" }));
        Assert.Equal(0L, await RunQueryAsync(connection, "InsertMembershipVersionKey", new() { ["DeploymentId"] = "c" }));

        var first = await RunQueryAsync(connection, "InsertMembershipKey", Member("node1", port: 1, version: 0));
        var stale = await RunQueryAsync(connection, "InsertMembershipKey", Member("node2", port: 2, version: 0));
        var current = await RunQueryAsync(connection, "InsertMembershipKey", Member("node2", port: 2, version: 1));

        Assert.Equal(1L, first);
        Assert.Equal(0L, stale);
        Assert.Equal(1L, current);
        Assert.Equal(2L, await Command(connection, "SELECT Version FROM OrleansMembershipVersionTable").ExecuteScalarAsync());
        Assert.Equal(2L, await Command(connection, "SELECT count(*) FROM OrleansMembershipTable").ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_status_update_bumps_the_version_but_an_i_am_alive_update_does_not()
    {
        await SqliteMembershipStore.EnsureCreatedAsync(_directory);
        await using var connection = await OpenAsync();
        await RunQueryAsync(connection, "InsertMembershipVersionKey", new() { ["DeploymentId"] = "c" });
        await RunQueryAsync(connection, "InsertMembershipKey", Member("node1", port: 1, version: 0));

        await RunQueryAsync(connection, "UpdateIAmAlivetimeKey", Key(port: 1, new() { ["IAmAliveTime"] = DateTime.UtcNow }));
        var staleUpdate = await RunQueryAsync(connection, "UpdateMembershipKey", Key(port: 1, new() { ["Status"] = 6, ["SuspectTimes"] = "", ["IAmAliveTime"] = DateTime.UtcNow, ["Version"] = 0 }));
        var update = await RunQueryAsync(connection, "UpdateMembershipKey", Key(port: 1, new() { ["Status"] = 6, ["SuspectTimes"] = "", ["IAmAliveTime"] = DateTime.UtcNow, ["Version"] = 1 }));

        Assert.Equal(0L, staleUpdate);
        Assert.Equal(1L, update);
        Assert.Equal(2L, await Command(connection, "SELECT Version FROM OrleansMembershipVersionTable").ExecuteScalarAsync());
        Assert.Equal(6L, await Command(connection, "SELECT Status FROM OrleansMembershipTable").ExecuteScalarAsync());
    }

    private static Dictionary<string, object> Member(string name, int port, int version) => Key(port, new()
    {
        ["SiloName"] = name, ["HostName"] = "host", ["Status"] = 3, ["ProxyPort"] = 30000 + port,
        ["StartTime"] = DateTime.UtcNow, ["IAmAliveTime"] = DateTime.UtcNow, ["Version"] = version,
    });

    private static Dictionary<string, object> Key(int port, Dictionary<string, object> values)
    {
        values["DeploymentId"] = "c";
        values["Address"] = "127.0.0.1";
        values["Port"] = port;
        values["Generation"] = 1;
        return values;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(SqliteMembershipStore.ConnectionString(_directory));
        await connection.OpenAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs a seeded Orleans query the way the provider does: its text, named parameters, first column of the last row.</summary>
    private static async Task<object?> RunQueryAsync(SqliteConnection connection, string key, Dictionary<string, object> parameters)
    {
        var text = (string)(await Command(connection, $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{key}'").ExecuteScalarAsync())!;
        await using var command = Command(connection, text);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("@" + name, value);
        }

        object? last = null;
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                last = reader.GetValue(0);
            }
        }
        while (await reader.NextResultAsync());
        return last;
    }
}
