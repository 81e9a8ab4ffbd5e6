using OrleansKv.Versioning;

namespace OrleansKv.Contracts;

/// <summary>
/// The condition of a conditional write: the key's current version is <see cref="IfVersion"/>,
/// or the key is absent (<see cref="IfAbsent"/>: never written, deleted or expired).
/// </summary>
[GenerateSerializer, Immutable, Alias("kv.WriteCondition")]
public sealed record WriteCondition(
    [property: Id(0)] ValueVersion? IfVersion,
    [property: Id(1)] bool IfAbsent)
{
    public static WriteCondition Version(ValueVersion version) => new(version, false);

    public static readonly WriteCondition Absent = new(null, true);

    /// <summary>Whether the condition holds for what the key reads as (null: absent).</summary>
    public bool HoldsFor(VersionedValue? live) =>
        IfAbsent ? live is null : live is not null && live.Version == IfVersion;

    public override string ToString() => IfAbsent ? "if absent" : $"if version {IfVersion}";
}
