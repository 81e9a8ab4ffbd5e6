namespace OrleansKv.Silo.Membership.Schema;

/// <summary>One step of the cluster database's schema. Versions are applied in order, once; never edit a shipped step, add a new one.</summary>
/// <param name="Version">1, 2, 3...: the schema version once this step is applied.</param>
/// <param name="Description">What the step adds, recorded with it.</param>
/// <param name="Sql">The statements, for one database dialect.</param>
public sealed record SchemaMigration(int Version, string Description, string Sql);
