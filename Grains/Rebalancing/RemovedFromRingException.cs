namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// A node id the ring removed started with its old data still in its data directory: the
/// cluster will not admit it as it is (that data may predate deletes whose tombstones are gone),
/// so the node process exits with its "do not restart" code instead of trying again.
/// </summary>
public sealed class RemovedFromRingException(string message) : InvalidOperationException(message);
