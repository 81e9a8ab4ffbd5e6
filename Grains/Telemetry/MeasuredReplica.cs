using System.Diagnostics;
using OrleansKv.Grains.Coordination;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Telemetry;

/// <summary>
/// An <see cref="IReplica"/> that records each call's outcome and time in <see cref="KvMetrics"/>,
/// labelled by the target node. It bounds the wait by the same replica timeout the fan-out uses,
/// so a call the coordinator gave up on counts as a timeout at that moment, not when Orleans
/// finally fails it (a crashed, not yet dead silo holds a call for up to 30 s).
/// </summary>
public sealed class MeasuredReplica(IReplica inner, string node, KvMetrics metrics, TimeSpan timeout) : IReplica
{
    public ValueTask<ValueVersion> ApplyAsync(string key, VersionedValue value)
    {
        var started = Stopwatch.GetTimestamp();
        return Measure(inner.ApplyAsync(key, value), RequestOperation.Apply, started);
    }

    public ValueTask<VersionedValue?> ReadAsync(string key)
    {
        var started = Stopwatch.GetTimestamp();
        return Measure(inner.ReadAsync(key), RequestOperation.Read, started);
    }

    private ValueTask<T> Measure<T>(ValueTask<T> call, string operation, long started)
    {
        // The local replica often answers at once: record without an async state machine.
        if (call.IsCompletedSuccessfully)
        {
            metrics.ReplicaCall(node, operation, RequestOutcome.Ok, Stopwatch.GetElapsedTime(started));
            return call;
        }

        return new ValueTask<T>(AwaitAsync(call, operation, started));
    }

    private async Task<T> AwaitAsync<T>(ValueTask<T> call, string operation, long started)
    {
        var outcome = RequestOutcome.Error;
        try
        {
            var result = await call.AsTask().WaitAsync(timeout);
            outcome = RequestOutcome.Ok;
            return result;
        }
        catch (Exception ex)
        {
            outcome = ex is TimeoutException ? RequestOutcome.Timeout : RequestOutcome.Of(ex);
            throw;
        }
        finally
        {
            metrics.ReplicaCall(node, operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
