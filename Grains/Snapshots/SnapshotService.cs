using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Storage.Snapshots;
using OrleansKv.Snapshots;

namespace OrleansKv.Grains.Snapshots;

/// <summary>
/// This node's snapshots: takes its checkpoint for a snapshot off the request path (one at a
/// time: each flushes the memtables), lists and deletes them. A checkpoint is written under
/// <c>DIR/snapshots/ID</c> with a manifest that says "running" until it is complete, so one that a
/// stop or crash cut short is listed as failed afterwards, never as done.
/// </summary>
public sealed partial class SnapshotService(
    IStoreCheckpoints checkpoints,
    IOptions<StorageOptions> storage,
    ILocalSiloDetails silo,
    ILogger<SnapshotService> logger) : IHostedService
{
    private const string Interrupted = "interrupted: the node stopped while writing its checkpoint";

    private readonly SnapshotFolder _folder = new(storage.Value.DataDirectory);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ConcurrentDictionary<string, NodeSnapshot> _running = new(StringComparer.Ordinal);
    private readonly BackgroundWork _work = new(ex => LogSnapshotFailed(logger, silo.Name, "", ex));
    private readonly object _startLock = new();

    /// <summary>Disk space this node's snapshots hold beyond its live data (<see cref="SnapshotFolder.HeldBytes"/>).</summary>
    public long HeldBytes => _folder.HeldBytes();

    /// <summary>Starts this node's checkpoint for <paramref name="request"/>; returns at once, or the part already known under that id.</summary>
    public NodeSnapshot Take(SnapshotRequest request)
    {
        lock (_startLock)
        {
            if (_running.TryGetValue(request.Id, out var going))
            {
                return going;
            }

            if (Find(request.Id) is { } taken)
            {
                return taken;
            }

            var running = new NodeSnapshot(request, silo.Name, SnapshotState.Running, 0, null);
            _folder.WriteManifest(running);
            _running[request.Id] = running;
            _work.Run(cancellation => CheckpointAsync(running, cancellation));
            return running;
        }
    }

    /// <summary>Every snapshot this node holds a part of, oldest first.</summary>
    public NodeSnapshot[] List() =>
        _folder.ReadAll(silo.Name).Select(s => _running.TryGetValue(s.Request.Id, out var going) ? going : Settled(s)).ToArray();

    /// <summary>Removes this node's part of snapshot <paramref name="id"/> (waiting for its checkpoint if one is being written).</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            // A checkpoint still waiting for its turn is dropped with it (it checks when its turn comes).
            _running.TryRemove(id, out _);
            var deleted = _folder.Delete(id);
            if (deleted)
            {
                LogSnapshotDeleted(logger, silo.Name, id);
            }

            return deleted;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _work.StopAsync(cancellationToken);

    private NodeSnapshot? Find(string id)
    {
        try
        {
            return _folder.Read(id) is { } found ? Settled(found) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A part on disk that says running but is not being written in this process was cut short.</summary>
    private NodeSnapshot Settled(NodeSnapshot snapshot) =>
        snapshot.State == SnapshotState.Running && !_running.ContainsKey(snapshot.Request.Id)
            ? snapshot with { State = SnapshotState.Failed, Error = Interrupted }
            : snapshot;

    private async Task CheckpointAsync(NodeSnapshot running, CancellationToken cancellation)
    {
        var id = running.Request.Id;
        try
        {
            await _oneAtATime.WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            // Stopped before its turn: its manifest says running, which a listing reads as interrupted.
            _running.TryRemove(id, out _);
            throw;
        }

        if (!_running.ContainsKey(id))
        {
            _oneAtATime.Release();
            return;
        }

        try
        {
            var started = TimeProvider.System.GetTimestamp();
            NodeSnapshot outcome;
            try
            {
                cancellation.ThrowIfCancellationRequested();
                // The flush and the links are blocking native calls: run them off the caller's thread.
                await Task.Run(() => checkpoints.SaveCheckpoint(_folder.CheckpointOf(id)), cancellation);
                outcome = running with { State = SnapshotState.Done, Bytes = _folder.CheckpointBytes(id) };
                LogSnapshotTaken(logger, silo.Name, id, outcome.Bytes, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or OperationCanceledException)
            {
                LogSnapshotFailed(logger, silo.Name, id, ex);
                TryDelete(_folder.CheckpointOf(id));
                outcome = running with { State = SnapshotState.Failed, Error = cancellation.IsCancellationRequested ? Interrupted : ex.Message };
            }

            _folder.WriteManifest(outcome);
        }
        finally
        {
            _running.TryRemove(id, out _);
            _oneAtATime.Release();
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A partial checkpoint left behind is removed with its snapshot.
        }
    }

    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "{NodeId} took its checkpoint for snapshot {SnapshotId}: {Bytes} bytes in {Milliseconds:0} ms")]
    private static partial void LogSnapshotTaken(ILogger logger, string nodeId, string snapshotId, long bytes, double milliseconds);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Warning, Message = "{NodeId} could not take its checkpoint for snapshot {SnapshotId}")]
    private static partial void LogSnapshotFailed(ILogger logger, string nodeId, string snapshotId, Exception exception);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Information, Message = "{NodeId} deleted its part of snapshot {SnapshotId}")]
    private static partial void LogSnapshotDeleted(ILogger logger, string nodeId, string snapshotId);
}
