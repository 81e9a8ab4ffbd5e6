namespace OrleansKv.Cluster;

/// <summary>One node of the ring as the coordinator sees it.</summary>
/// <param name="NodeId">The node id (silo name), e.g. "node1".</param>
/// <param name="IsUp">True when the node is active in Orleans membership.</param>
/// <param name="SiloAddress">The silo's Orleans address, when known.</param>
/// <param name="Tokens">Virtual nodes this node owns on the ring.</param>
/// <param name="Share">Fraction of the token space for which this node is the first replica.</param>
/// <param name="TokenValues">The node's tokens, ascending.</param>
/// <param name="State">Its place in the ring record: "joining", "normal" or "leaving".</param>
[GenerateSerializer, Immutable, Alias("kv.RingNode")]
public sealed record RingNode(
    [property: Id(0)] string NodeId,
    [property: Id(1)] bool IsUp,
    [property: Id(2)] string? SiloAddress,
    [property: Id(3)] int Tokens,
    [property: Id(4)] double Share,
    [property: Id(5)] ulong[] TokenValues,
    [property: Id(6)] string State = "normal");

/// <summary>The ring as one coordinator sees it.</summary>
/// <param name="Epoch">The ring record's epoch this coordinator follows.</param>
/// <param name="ChangeInProgress">True while a node joins or leaves, or the last change settles.</param>
[GenerateSerializer, Immutable, Alias("kv.RingDescription")]
public sealed record RingDescription(
    [property: Id(0)] int ReplicationFactor,
    [property: Id(1)] int VirtualNodesPerNode,
    [property: Id(2)] RingNode[] Nodes,
    [property: Id(3)] long Epoch = 0,
    [property: Id(4)] bool ChangeInProgress = false);

/// <summary>One replica of a key and whether its node is up.</summary>
[GenerateSerializer, Immutable, Alias("kv.ReplicaState")]
public sealed record ReplicaState(
    [property: Id(0)] string NodeId,
    [property: Id(1)] bool IsUp);

/// <summary>Where a key lives: its ring token and its preference list, first replica first.</summary>
[GenerateSerializer, Immutable, Alias("kv.ReplicaPlacement")]
public sealed record ReplicaPlacement(
    [property: Id(0)] string Key,
    [property: Id(1)] ulong Token,
    [property: Id(2)] ReplicaState[] Replicas);

/// <summary>What one node reports about itself.</summary>
/// <param name="NodeId">The node id.</param>
/// <param name="SiloAddress">The silo's Orleans address.</param>
/// <param name="ProcessId">The OS process id of the silo.</param>
/// <param name="StartedAt">When the node's storage was opened.</param>
/// <param name="LiveKeys">Keys with a live value on this node (tombstones not counted).</param>
/// <param name="Tombstones">Delete markers kept on this node.</param>
/// <param name="SampleKeys">A few live keys held here.</param>
/// <param name="HttpUrl">The node's HTTP API base URL, when it serves one.</param>
/// <param name="GatewayPort">The node's Orleans gateway port for clients, when it has one.</param>
/// <param name="DataDirectory">Where the node keeps its data.</param>
/// <param name="Convergence">Hints, read repairs and tombstone collection on this node.</param>
/// <param name="Clock">The node's clock state and its offsets from its peers (null from a node that does not measure them).</param>
/// <param name="SnapshotBytes">Disk space the node's snapshots hold beyond its live data.</param>
/// <param name="KeysCounted">False while the node still counts, in the background, the entries its store held when it opened: <paramref name="LiveKeys"/> and <paramref name="Tombstones"/> lack those not counted yet.</param>
[GenerateSerializer, Immutable, Alias("kv.NodeStats")]
public sealed record NodeStats(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string SiloAddress,
    [property: Id(2)] int ProcessId,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] long LiveKeys,
    [property: Id(5)] long Tombstones,
    [property: Id(6)] string[] SampleKeys,
    [property: Id(7)] string? HttpUrl,
    [property: Id(8)] int? GatewayPort,
    [property: Id(9)] string DataDirectory,
    [property: Id(10)] ConvergenceStats Convergence,
    [property: Id(11)] bool KeysCounted = true,
    [property: Id(12)] OrleansKv.Time.ClockStatus? Clock = null,
    [property: Id(13)] long SnapshotBytes = 0);

/// <summary>Pending hints for one target node.</summary>
[GenerateSerializer, Immutable, Alias("kv.HintCount")]
public sealed record HintCount(
    [property: Id(0)] string NodeId,
    [property: Id(1)] long Count);

/// <summary>How a node helps replicas converge: hinted handoff, read repair, tombstone collection.</summary>
/// <param name="HintsPending">Hints this node holds for replicas that missed writes.</param>
/// <param name="HintsPendingByNode">The same, per target node (only nodes with hints).</param>
/// <param name="HintsDelivered">Hints delivered since the node started.</param>
/// <param name="HintsDropped">Hints dropped since the node started: older than the hint window.</param>
/// <param name="ReadRepairs">Stale replicas this node's coordinator repaired since it started.</param>
/// <param name="TombstonesPurged">Tombstones older than the grace period removed since the node started.</param>
/// <param name="RepairRequired">True while the node refuses reads until a repair has run (it was down longer than the grace period).</param>
[GenerateSerializer, Immutable, Alias("kv.ConvergenceStats")]
public sealed record ConvergenceStats(
    [property: Id(0)] long HintsPending,
    [property: Id(1)] HintCount[] HintsPendingByNode,
    [property: Id(2)] long HintsDelivered,
    [property: Id(3)] long HintsDropped,
    [property: Id(4)] long ReadRepairs,
    [property: Id(5)] long TombstonesPurged,
    [property: Id(6)] bool RepairRequired);
