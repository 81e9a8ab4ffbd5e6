using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansKv.Silo.Membership.Schema;

/// <summary>
/// Brings a cluster database (the SQLite file or the PostgreSQL database that holds Orleans
/// membership and the ring record) to the newest schema at start-up: reads the version recorded
/// in <c>orleanskv_schema_history</c> and applies the newer <see cref="SchemaMigration"/>s in
/// order, recording each. All in one transaction under an exclusive lock (SQLite's IMMEDIATE
/// transaction, a PostgreSQL advisory lock), so nodes starting together take turns and a
/// failed step leaves the database as it was. A database created before versioning existed
/// has no history: it is at version 0, and step 1 (the clustering tables, written to be
/// idempotent) adopts what it already holds.
/// </summary>
public static class SchemaMigrator
{
    // Any constant works; it only has to be the same on every node.
    private const long PostgresLockKey = 0x4F726C65616E734B;

    private const string HistoryTable = """
        CREATE TABLE IF NOT EXISTS orleanskv_schema_history
        (
            version INTEGER NOT NULL PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        """;

    /// <summary>Applies what is missing; returns the versions applied (empty when up to date).</summary>
    public static async Task<int[]> MigrateAsync(DbConnection connection, IReadOnlyList<SchemaMigration> migrations, CancellationToken cancellation)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellation);
        }

        // SQLite: not deferred, so the write lock is taken up front and concurrent starts queue instead of deadlocking.
        await using DbTransaction transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellation);
        if (connection is NpgsqlConnection)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey});", cancellation);
        }

        await ExecuteAsync(connection, transaction, HistoryTable, cancellation);
        var current = await CurrentVersionAsync(connection, transaction, cancellation);
        var applied = new List<int>();
        foreach (var migration in migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellation);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO orleanskv_schema_history (version, description, applied_at) VALUES (@version, @description, @applied_at);";
            record.AddParameter("version", migration.Version);
            record.AddParameter("description", migration.Description);
            record.AddParameter("applied_at", DateTimeOffset.UtcNow.ToString("O"));
            await record.ExecuteNonQueryAsync(cancellation);
            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellation);
        return applied.ToArray();
    }

    /// <summary>The schema version the database is at (0 before any versioned step).</summary>
    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM orleanskv_schema_history;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellation));
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
