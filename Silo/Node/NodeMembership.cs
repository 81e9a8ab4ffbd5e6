using OrleansKv.Grains.Ring;
using OrleansKv.Silo.Membership;

namespace OrleansKv.Silo.Node;

/// <summary>Chooses where cluster membership and the ring record live: the embedded SQLite file, or PostgreSQL.</summary>
public static class NodeMembership
{
    /// <summary>Prepares the store (creating the SQLite file and upgrading its schema if needed) before the silo starts.</summary>
    public static async Task<(string Invariant, string ConnectionString, IRingStore Ring)> PrepareAsync(
        NodeSettings settings, string clusterId, CancellationToken cancellationToken)
    {
        if (settings.PostgresConnectionString is { } postgres)
        {
            var connection = await PostgresMembershipSchema.EnsureCreatedAsync(postgres, cancellationToken);
            return (PostgresMembershipSchema.Invariant, connection, PostgresMembershipSchema.RingStore(connection, clusterId));
        }

        var sqlite = await SqliteMembershipStore.EnsureCreatedAsync(settings.DataDirectory, cancellationToken);
        return (SqliteMembershipStore.Invariant, sqlite, SqliteMembershipStore.RingStore(sqlite, clusterId));
    }
}
