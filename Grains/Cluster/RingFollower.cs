using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Ring;
using OrleansKv.Ring;

namespace OrleansKv.Grains.Cluster;

/// <summary>
/// This node's copy of the ring record: loaded from the <see cref="IRingStore"/> before the silo
/// serves, then read again every <see cref="RingOptions.RefreshInterval"/> and whenever a ring
/// change asks (<see cref="RefreshAsync"/>), so every node follows the newest epoch within
/// seconds. Only ever moves forward: an older epoch read late never replaces a newer one.
/// </summary>
public sealed partial class RingFollower(IRingStore store, IOptions<RingOptions> options, ILocalSiloDetails silo, ILogger<RingFollower> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TimeSpan _interval = options.Value.RefreshInterval;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly JobRunner _polling = new("ring record polling", ex => LogRefreshFailed(logger, ex));
    private RingTopology _topology = RingTopology.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The newest record this node has read, with its rings.</summary>
    public RingTopology Topology => Volatile.Read(ref _topology);

    /// <summary>Completes the next time the followed epoch moves on.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RingFollower), ServiceLifecycleStage.RuntimeInitialize, StartAsync, StopAsync);

    /// <summary>Reads the store now; returns the epoch followed afterwards.</summary>
    public async Task<long> RefreshAsync(CancellationToken cancellation = default)
    {
        await _reading.WaitAsync(cancellation);
        try
        {
            Follow(await store.ReadAsync(cancellation));
        }
        finally
        {
            _reading.Release();
        }

        return Topology.Epoch;
    }

    /// <summary>Follows <paramref name="record"/> at once if it is newer (this node just wrote it).</summary>
    public void Follow(RingRecord record)
    {
        while (true)
        {
            var current = Volatile.Read(ref _topology);
            if (record.Epoch <= current.Epoch)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _topology, RingTopology.From(record), current) == current)
            {
                LogEpoch(logger, silo.Name, record.Epoch, Describe(record));
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return;
            }
        }
    }

    private async Task StartAsync(CancellationToken cancellation)
    {
        await RefreshAsync(cancellation);
        _polling.TryStart(PollAsync);
    }

    private Task StopAsync(CancellationToken cancellation) => _polling.StopAsync(cancellation);

    private async Task PollAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, stopping);
                await RefreshAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store may be briefly unreachable; the node keeps following the last epoch it read.
                LogRefreshFailed(logger, ex);
            }
        }
    }

    private static string Describe(RingRecord record) =>
        string.Join(", ", record.Members.Where(m => m.State != RingMemberState.Removed).Select(m => $"{m.NodeId} {RingChanges.Name(m.State)}"));

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "{NodeId} follows ring epoch {Epoch}: {Members}")]
    private static partial void LogEpoch(ILogger logger, string nodeId, long epoch, string members);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Reading the ring record failed (keeping the last epoch)")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
