using Microsoft.Data.Sqlite;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// The embedded membership store of a local cluster: Orleans AdoNet clustering on the SQLite
/// file <c>DIR/membership.db</c>. Unlike Orleans development clustering, whose table lives in
/// one primary silo, the file outlives any node, so losing node 1 does not freeze membership.
/// One host only: for several hosts use PostgreSQL (same provider, same query keys).
/// </summary>
public static class SqliteMembershipStore
{
    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";

    public const string FileName = "membership.db";

    /// <summary>The connection string Orleans uses for the cluster whose data directory is <paramref name="dataDirectory"/>.</summary>
    public static string ConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(dataDirectory), FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Lock waits: several silos write the same file; Orleans retries anyway, but a short
            // wait avoids spurious failures when two nodes start at once.
            DefaultTimeout = 15,
            Pooling = true,
        }.ToString();

    /// <summary>
    /// Creates the file, tables, triggers and queries if missing (and refreshes the queries).
    /// Safe when several nodes start at once on a new directory: all work happens in one
    /// IMMEDIATE transaction, so nodes take turns, and every statement is idempotent.
    /// </summary>
    public static async Task<string> EnsureCreatedAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = ConnectionString(dataDirectory);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL lets nodes read membership while another writes; the mode is stored in the file.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        // Not deferred: take the write lock up front, so concurrent starts queue instead of deadlocking.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, EmbeddedSql.Read("sqlite-clustering.sql"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return connectionString;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
