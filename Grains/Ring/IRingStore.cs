using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// Where the cluster keeps its <see cref="RingRecord"/>: a durable store every node reaches,
/// next to Orleans membership (the same SQLite file or PostgreSQL database).
/// </summary>
public interface IRingStore
{
    /// <summary>The newest record; <see cref="RingRecord.Empty"/> when no ring exists yet.</summary>
    Task<RingRecord> ReadAsync(CancellationToken cancellation);

    /// <summary>
    /// Writes <paramref name="next"/> if the stored record is still at epoch
    /// <paramref name="next"/>.Epoch - 1 (compare-and-swap); false when another node changed it first.
    /// </summary>
    Task<bool> TryWriteAsync(RingRecord next, CancellationToken cancellation);
}
