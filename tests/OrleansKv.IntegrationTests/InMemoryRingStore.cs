using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.IntegrationTests;

/// <summary>
/// The ring record of an in-process test cluster, shared by its silos: the same compare-and-swap
/// contract as the SQL store real nodes use (tested against SQLite and PostgreSQL elsewhere).
/// </summary>
public sealed class InMemoryRingStore : IRingStore
{
    private readonly object _lock = new();
    private RingRecord _record = RingRecord.Empty;

    public Task<RingRecord> ReadAsync(CancellationToken cancellation)
    {
        lock (_lock)
        {
            return Task.FromResult(_record);
        }
    }

    public Task<bool> TryWriteAsync(RingRecord next, CancellationToken cancellation)
    {
        lock (_lock)
        {
            if (_record.Epoch != next.Epoch - 1)
            {
                return Task.FromResult(false);
            }

            _record = next;
            return Task.FromResult(true);
        }
    }
}
