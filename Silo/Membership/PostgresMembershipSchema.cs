using Npgsql;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Orleans AdoNet clustering on PostgreSQL, for clusters spread over several hosts. The
/// Orleans package ships no SQL; this schema is ours and is created on first start.
/// </summary>
public static class PostgresMembershipSchema
{
    public const string Invariant = "Npgsql";

    // Any constant works; it only has to be the same on every node.
    private const long SchemaLockKey = 0x4F726C65616E734B;

    /// <summary>Creates tables, functions and queries if missing; returns the connection string to use.</summary>
    public static async Task<string> EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey});", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(EmbeddedSql.Read("postgres-clustering.sql"), connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return connectionString;
    }
}
