using Npgsql;

namespace OrleansKv.TestSupport;

/// <summary>
/// A fresh database per test on the local PostgreSQL that test.sh installs and starts
/// (.ci/postgres.sh). Override the server with ORLEANSKV_TEST_POSTGRES (a connection string
/// for a role that may create databases).
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=orleanskv;Password=orleanskv;Database=postgres";

    private readonly string _server;

    private TestPostgres(string server, string database)
    {
        _server = server;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
    }

    public string Database { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The same database reached at another address of this host, e.g. a bridge address for
    /// nodes in network namespaces (their 127.0.0.1 is their own).
    /// </summary>
    public string ConnectionStringAt(string host) => new NpgsqlConnectionStringBuilder(ConnectionString) { Host = host }.ToString();

    public static async Task<TestPostgres> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("ORLEANSKV_TEST_POSTGRES") ?? DefaultServer;
        var database = "orleanskv_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                "These tests need PostgreSQL: run ./test.sh (it installs and starts it via .ci/postgres.sh) " +
                $"or set ORLEANSKV_TEST_POSTGRES. Connecting failed: {ex.Message}", ex);
        }

        return new TestPostgres(server, database);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
