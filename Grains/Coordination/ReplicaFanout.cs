using Microsoft.Extensions.Options;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Results;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Every call from a coordinator to replicas goes through here: one call per replica, all at
/// once, each bounded by <see cref="ReplicationOptions.ReplicaTimeout"/>; replicas known to be
/// down are not called. When fewer replicas are up than the level requires, no replica is called
/// at all (as Cassandra's Unavailable): a write that cannot succeed leaves no partial trace. The outcome is returned as soon as the required number of replicas
/// answered, or as soon as so many failed that the level cannot be met; calls still in flight
/// finish in the background. This is the seam for hinted handoff and read repair.
/// </summary>
public sealed class ReplicaFanout(IGrainFactory grains, ClusterView cluster, IOptions<ReplicationOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.ReplicaTimeout;

    public Task<FanoutOutcome<T>> CallAsync<T>(string[] replicas, int required, Func<IStorageGrain, ValueTask<T>> call)
    {
        var state = cluster.Current;
        var down = replicas.Where(n => !state.IsUp(n)).Select(n => new ReplicaFailure(n, "node is down")).ToList();
        var up = replicas.Length - down.Count;
        var attempted = up >= required ? up : 0;
        var collector = new Collector<T>(replicas.Length, required, attempted, down);
        if (attempted > 0)
        {
            foreach (var nodeId in replicas)
            {
                if (state.IsUp(nodeId))
                {
                    _ = CallOneAsync(nodeId, collector, call);
                }
            }
        }

        collector.CompleteIfDecided();
        return collector.Outcome;
    }

    private async Task CallOneAsync<T>(string nodeId, Collector<T> collector, Func<IStorageGrain, ValueTask<T>> call)
    {
        try
        {
            var value = await call(grains.GetGrain<IStorageGrain>(nodeId)).AsTask().WaitAsync(_timeout);
            collector.Succeed(nodeId, value);
        }
        catch (TimeoutException)
        {
            collector.Fail(nodeId, $"no answer within {_timeout.TotalMilliseconds:0} ms");
        }
        catch (NodeUnavailableException)
        {
            collector.Fail(nodeId, "node is down");
        }
        catch (Exception ex)
        {
            collector.Fail(nodeId, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Counts answers of one fan-out; decides once, when the level is met or cannot be.</summary>
    private sealed class Collector<T>(int total, int required, int attempted, List<ReplicaFailure> failures)
    {
        private readonly TaskCompletionSource<FanoutOutcome<T>> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<ReplicaReply<T>> _replies = new(total);
        private readonly List<ReplicaFailure> _failures = failures;
        private bool _decided;

        public Task<FanoutOutcome<T>> Outcome => _outcome.Task;

        public void Succeed(string nodeId, T value)
        {
            lock (_replies)
            {
                _replies.Add(new ReplicaReply<T>(nodeId, value));
                CompleteIfDecidedLocked();
            }
        }

        public void Fail(string nodeId, string reason)
        {
            lock (_replies)
            {
                _failures.Add(new ReplicaFailure(nodeId, reason));
                CompleteIfDecidedLocked();
            }
        }

        public void CompleteIfDecided()
        {
            lock (_replies)
            {
                CompleteIfDecidedLocked();
            }
        }

        private void CompleteIfDecidedLocked()
        {
            if (_decided || (_replies.Count < required && _failures.Count <= total - required))
            {
                return;
            }

            _decided = true;
            _outcome.SetResult(new FanoutOutcome<T>(required, attempted, _replies.ToArray(), _failures.ToArray()));
        }
    }
}
