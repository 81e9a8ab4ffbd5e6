using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansKv.Errors;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Telemetry;
using OrleansKv.Results;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Every call from a coordinator to replicas goes through here: one call per replica, each
/// bounded by <see cref="ReplicationOptions.ReplicaTimeout"/>; replicas known to be down are
/// not called. When fewer replicas are up than the level requires, no replica is called at all
/// (as Cassandra's Unavailable): a write that cannot succeed leaves no partial trace. The
/// outcome is returned as soon as the required number of replicas answered, or as soon as so
/// many failed that the level cannot be met; calls still in flight finish in the background.
/// Every failure of a started fan-out, early or late, is reported to the caller's
/// <c>onFailed</c> (hinted handoff keeps the write for that replica), and
/// <see cref="FanoutOutcome{T}.Settled"/> completes with every answer once all calls have ended
/// (read repair compares the late answers too).
/// While the ring changes, a write names a second group (<see cref="ReplicaGroup"/>): the key's
/// owners in the next ring. They are called too, and the write is met only when both groups
/// answered as the level needs, so a quorum read on either ring overlaps it.
/// </summary>
public sealed class ReplicaFanout(
    ReplicaDirectory replicaClients, ClusterView cluster, ILocalSiloDetails silo, IOptions<ReplicationOptions> options, KvMetrics metrics)
{
    private readonly TimeSpan _timeout = options.Value.ReplicaTimeout;

    /// <summary>Calls the given replicas, all of which must answer, on the cluster state of now (a repair write: its own small request).</summary>
    public Task<FanoutOutcome<T>> CallAsync<T>(
        string operation, string[] replicas, Func<IReplica, ValueTask<T>> call, Action<string>? onFailed = null) =>
        CallAsync(operation, RequestPlan.ForReplicas(cluster.Current, replicas), call, onFailed: onFailed);

    /// <summary>
    /// Calls <paramref name="initialCalls"/> of the plan's up replicas at once (all by default),
    /// this node first, and one more standby replica for each that fails, so availability is the
    /// same as calling them all. During a ring change (<see cref="RequestPlan.Next"/>), calls the
    /// owners and the next owners at once; met when both groups answered as the level needs.
    /// Liveness and groups come from the plan only: the cluster state is not read again.
    /// </summary>
    /// <param name="operation">What the calls do (<see cref="RequestOperation"/>), for the replica-call metrics.</param>
    public Task<FanoutOutcome<T>> CallAsync<T>(
        string operation, RequestPlan plan, Func<IReplica, ValueTask<T>> call, int initialCalls = int.MaxValue, Action<string>? onFailed = null)
    {
        var owners = plan.Owners;
        var next = plan.Next;
        var replicas = owners.Members;
        var required = owners.Required;
        var targets = next is { } other ? replicas.Union(other.Members, StringComparer.Ordinal).ToArray() : replicas;
        var down = new List<ReplicaFailure>();
        var up = new List<string>(targets.Length);
        foreach (var nodeId in targets)
        {
            if (!plan.Cluster.IsUp(nodeId))
            {
                down.Add(new ReplicaFailure(nodeId, "node is down"));
            }
            else if (nodeId == silo.Name)
            {
                up.Insert(0, nodeId);
            }
            else
            {
                up.Add(nodeId);
            }
        }

        var collector = new Collector<T>(this, operation, call, owners, next, down, onFailed);
        if (owners.CountIn(up) >= required && (next is not { } n || n.CountIn(up) >= n.Required))
        {
            // The replicas known to be down miss this request too.
            foreach (var failure in down)
            {
                onFailed?.Invoke(failure.NodeId);
            }

            var first = Math.Min(Math.Max(initialCalls, required), up.Count);
            collector.Start(up.Take(first).ToArray(), up.Skip(first));
        }

        collector.CompleteIfDecided();
        return collector.Outcome;
    }

    private async Task CallOneAsync<T>(string operation, string nodeId, Collector<T> collector, Func<IReplica, ValueTask<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = KvTracing.StartReplicaCall(operation, nodeId, collector.Parent);
        T value;
        try
        {
            var pending = call(replicaClients.For(nodeId));
            // The local replica usually answers at once: no task, no timer.
            value = pending.IsCompletedSuccessfully ? pending.Result : await pending.AsTask().WaitAsync(_timeout);
        }
        catch (Exception ex)
        {
            KvTracing.Failed(activity, ex, RequestOutcome.Of(ex));
            metrics.ReplicaCall(nodeId, operation, RequestOutcome.Of(ex), Stopwatch.GetElapsedTime(started));
            collector.Fail(nodeId, ex switch
            {
                TimeoutException => $"no answer within {_timeout.TotalMilliseconds:0} ms",
                NodeUnavailableException => "node is down",
                _ => $"{ex.GetType().Name}: {ex.Message}",
            });
            return;
        }

        metrics.ReplicaCall(nodeId, operation, RequestOutcome.Ok, Stopwatch.GetElapsedTime(started));
        collector.Succeed(nodeId, value);
    }

    /// <summary>Counts answers of one fan-out; decides once, when the level is met or cannot be.</summary>
    private sealed class Collector<T>(
        ReplicaFanout fanout, string operation, Func<IReplica, ValueTask<T>> call, ReplicaGroup owners, ReplicaGroup? next,
        List<ReplicaFailure> failures, Action<string>? onFailed)
    {
        private readonly TaskCompletionSource<FanoutOutcome<T>> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<ReplicaReply<T>[]> _settled = new();
        private readonly List<ReplicaReply<T>> _replies = new(owners.Members.Length);
        private readonly List<ReplicaFailure> _failures = failures;
        private readonly Queue<string> _standby = new();
        private int _attempted;
        private int _inFlight;
        private bool _decided;

        public Task<FanoutOutcome<T>> Outcome => _outcome.Task;

        /// <summary>The span of the request that fanned out (none when tracing is off): every replica call's parent.</summary>
        public Activity? Parent { get; } = KvTracing.IsOn ? Activity.Current : null;

        public void Start(string[] first, IEnumerable<string> standby)
        {
            lock (_replies)
            {
                foreach (var nodeId in standby)
                {
                    _standby.Enqueue(nodeId);
                }

                _attempted = first.Length;
                _inFlight = first.Length;
            }

            foreach (var nodeId in first)
            {
                _ = fanout.CallOneAsync(operation, nodeId, this, call);
            }
        }

        public void Succeed(string nodeId, T value)
        {
            ReplicaReply<T>[]? settled;
            lock (_replies)
            {
                _replies.Add(new ReplicaReply<T>(nodeId, value));
                _inFlight--;
                settled = CompleteIfDecidedLocked();
            }

            Settle(settled);
        }

        public void Fail(string nodeId, string reason)
        {
            string? next = null;
            ReplicaReply<T>[]? settled;
            lock (_replies)
            {
                _failures.Add(new ReplicaFailure(nodeId, reason));
                _inFlight--;
                if (!_decided && _standby.TryDequeue(out next))
                {
                    _attempted++;
                    _inFlight++;
                }

                settled = CompleteIfDecidedLocked();
            }

            Settle(settled);
            onFailed?.Invoke(nodeId);
            if (next is not null)
            {
                _ = fanout.CallOneAsync(operation, next, this, call);
            }
        }

        public void CompleteIfDecided()
        {
            ReplicaReply<T>[]? settled;
            lock (_replies)
            {
                settled = CompleteIfDecidedLocked();
            }

            Settle(settled);
        }

        // Outside the lock: whoever waits for every answer (read repair) continues inline, on
        // the thread of the last answer, without a thread-pool hop per request.
        private void Settle(ReplicaReply<T>[]? settled)
        {
            if (settled is not null)
            {
                _settled.TrySetResult(settled);
            }
        }

        /// <summary>Decides if it can; returns every answer when the last call has just ended after the decision.</summary>
        private ReplicaReply<T>[]? CompleteIfDecidedLocked()
        {
            if (_decided)
            {
                return _inFlight == 0 && !_settled.Task.IsCompleted ? _replies.ToArray() : null;
            }

            var met = owners.MetBy(_replies) && (next is not { } n || n.MetBy(_replies));
            var lost = owners.LostBy(_failures) || (next is { } m && m.LostBy(_failures));
            if (!met && !lost)
            {
                return null;
            }

            _decided = true;
            var replies = _replies.ToArray();
            _outcome.SetResult(new FanoutOutcome<T>(owners.Required, _attempted, replies, _failures.ToArray(), _settled.Task, met));
            return _inFlight == 0 ? replies : null;
        }
    }
}
