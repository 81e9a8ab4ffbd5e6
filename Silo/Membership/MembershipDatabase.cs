using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansKv.Silo.Membership;

/// <summary>The cluster database (SQLite file or PostgreSQL) as the pre-start checks read it, outside Orleans.</summary>
public static class MembershipDatabase
{
    // Orleans' SiloStatus.Active, as stored in the Status column.
    public const int ActiveStatus = 3;

    public static async Task<DbConnection> OpenAsync(string invariant, string connectionString, CancellationToken cancellation)
    {
        DbProviderFactory factory = invariant == PostgresMembershipSchema.Invariant ? NpgsqlFactory.Instance : SqliteFactory.Instance;
        var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellation);
        return connection;
    }
}
