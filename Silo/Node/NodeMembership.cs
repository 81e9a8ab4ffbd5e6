using OrleansKv.Silo.Membership;

namespace OrleansKv.Silo.Node;

/// <summary>Chooses where cluster membership lives: the embedded SQLite file, or PostgreSQL.</summary>
public static class NodeMembership
{
    /// <summary>Prepares the store (creating the SQLite file if needed) before the silo starts.</summary>
    public static async Task<(string Invariant, string ConnectionString)> PrepareAsync(NodeSettings settings, CancellationToken cancellationToken) =>
        settings.PostgresConnectionString is { } postgres
            ? (PostgresMembershipSchema.Invariant, await PostgresMembershipSchema.EnsureCreatedAsync(postgres, cancellationToken))
            : (SqliteMembershipStore.Invariant, await SqliteMembershipStore.EnsureCreatedAsync(settings.DataDirectory, cancellationToken));
}
