using Npgsql;
using OrleansKv.Silo.Membership.Schema;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Orleans AdoNet clustering and the ring record on PostgreSQL, for clusters spread over several
/// hosts. The Orleans package ships no SQL; this schema is ours, created and upgraded at start-up
/// by <see cref="SchemaMigrator"/> with the PostgreSQL steps of <see cref="ClusterSchema"/>.
/// </summary>
public static class PostgresMembershipSchema
{
    public const string Invariant = "Npgsql";

    /// <summary>Brings the database's schema to the newest version; returns the connection string to use.</summary>
    public static async Task<string> EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await SchemaMigrator.MigrateAsync(connection, ClusterSchema.Postgres, cancellationToken);
        return connectionString;
    }

    /// <summary>The ring record store in the same database.</summary>
    public static SqlRingStore RingStore(string connectionString, string clusterId) => new(() => new NpgsqlConnection(connectionString), clusterId);
}
