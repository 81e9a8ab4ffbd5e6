using Microsoft.Data.Sqlite;
using OrleansKv.Silo.Membership.Schema;

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
    /// Creates the file if missing and brings its schema to the newest version (Orleans
    /// membership tables and queries, the ring record): <see cref="SchemaMigrator"/> with the
    /// SQLite steps of <see cref="ClusterSchema"/>. Safe when several nodes start at once.
    /// </summary>
    public static async Task<string> EnsureCreatedAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = ConnectionString(dataDirectory);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL lets nodes read membership while another writes; the mode is stored in the file.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await SchemaMigrator.MigrateAsync(connection, ClusterSchema.Sqlite, cancellationToken);
        return connectionString;
    }

    /// <summary>The ring record store in the same file.</summary>
    public static SqlRingStore RingStore(string connectionString, string clusterId) => new(() => new SqliteConnection(connectionString), clusterId);
}
