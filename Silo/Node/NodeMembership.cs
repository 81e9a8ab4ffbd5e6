using OrleansKv.Grains.Ring;
using OrleansKv.Silo.Membership;

namespace OrleansKv.Silo.Node;

/// <summary>Where cluster membership and the ring record live: the ADO.NET invariant and connection string Orleans uses, and the ring store on the same database.</summary>
public sealed record NodeMembershipStore(string Invariant, string ConnectionString, IRingStore Ring);

/// <summary>Chooses where cluster membership and the ring record live: the embedded SQLite file, or PostgreSQL.</summary>
public static class NodeMembership
{
    /// <summary>Prepares the store (creating the SQLite file and upgrading its schema if needed) before the silo starts.</summary>
    public static async Task<NodeMembershipStore> PrepareAsync(NodeSettings settings, string clusterId, CancellationToken cancellationToken)
    {
        if (settings.PostgresConnectionString is { } postgres)
        {
            var connection = await PostgresMembershipSchema.EnsureCreatedAsync(postgres, cancellationToken);
            return new(PostgresMembershipSchema.Invariant, connection, PostgresMembershipSchema.RingStore(connection, clusterId));
        }

        var sqlite = await SqliteMembershipStore.EnsureCreatedAsync(settings.DataDirectory, cancellationToken);
        return new(SqliteMembershipStore.Invariant, sqlite, SqliteMembershipStore.RingStore(sqlite, clusterId));
    }
}
