namespace OrleansKv.Ring;

/// <summary>One node in the ring record: its id, state and tokens (empty once removed).</summary>
[GenerateSerializer, Immutable, Alias("kv.RingMember")]
public sealed record RingMember(
    [property: Id(0)] string NodeId,
    [property: Id(1)] RingMemberState State,
    [property: Id(2)] ulong[] Tokens);
