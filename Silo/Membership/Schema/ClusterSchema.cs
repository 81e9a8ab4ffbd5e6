namespace OrleansKv.Silo.Membership.Schema;

/// <summary>The ordered schema steps of the cluster database, per dialect. Append only.</summary>
public static class ClusterSchema
{
    /// <summary>The newest version; a database migrated at start-up is at this version.</summary>
    public static int LatestVersion => Sqlite.Max(m => m.Version);

    public static IReadOnlyList<SchemaMigration> Sqlite { get; } =
    [
        new(1, "Orleans clustering tables and queries", EmbeddedSql.Read("sqlite-clustering.sql")),
        new(2, "Ring record", EmbeddedSql.Read("sqlite-ring.sql")),
        new(3, "Cluster certificate of each node", EmbeddedSql.Read("sqlite-node-certificates.sql")),
    ];

    public static IReadOnlyList<SchemaMigration> Postgres { get; } =
    [
        new(1, "Orleans clustering tables and queries", EmbeddedSql.Read("postgres-clustering.sql")),
        new(2, "Ring record", EmbeddedSql.Read("postgres-ring.sql")),
        new(3, "Cluster certificate of each node", EmbeddedSql.Read("postgres-node-certificates.sql")),
    ];
}
