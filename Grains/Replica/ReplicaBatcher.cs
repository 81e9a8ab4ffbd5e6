namespace OrleansKv.Grains.Replica;

/// <summary>
/// Coalesces concurrent requests to one destination into batches, adaptively: while fewer than
/// <c>maxInFlight</c> batches are outstanding a request is sent at once (alone, at low load);
/// otherwise it waits for the next batch, which carries everything queued meanwhile. Under load
/// this turns N messages into N / batch size without adding latency when the node is idle.
/// </summary>
/// <typeparam name="TRequest">One request.</typeparam>
/// <typeparam name="TResponse">Its answer.</typeparam>
public sealed class ReplicaBatcher<TRequest, TResponse>(
    Func<TRequest[], Task<TResponse[]>> sendBatch, int maxInFlight, int maxBatch)
{
    private readonly object _lock = new();
    private List<Pending> _queue = [];
    private int _inFlight;

    public Task<TResponse> SendAsync(TRequest request)
    {
        var pending = new Pending(request);
        List<Pending>? batch = null;
        lock (_lock)
        {
            _queue.Add(pending);
            if (_inFlight < maxInFlight)
            {
                batch = TakeBatchLocked();
            }
        }

        if (batch is not null)
        {
            _ = SendBatchAsync(batch);
        }

        return pending.Completion.Task;
    }

    private List<Pending> TakeBatchLocked()
    {
        _inFlight++;
        if (_queue.Count <= maxBatch)
        {
            var all = _queue;
            _queue = [];
            return all;
        }

        var first = _queue.GetRange(0, maxBatch);
        _queue.RemoveRange(0, maxBatch);
        return first;
    }

    private async Task SendBatchAsync(List<Pending> batch)
    {
        while (batch is not null)
        {
            try
            {
                var requests = new TRequest[batch.Count];
                for (var i = 0; i < requests.Length; i++)
                {
                    requests[i] = batch[i].Request;
                }

                var responses = await sendBatch(requests);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(responses[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }

            lock (_lock)
            {
                _inFlight--;
                batch = _queue.Count > 0 ? TakeBatchLocked() : null!;
            }
        }
    }

    private sealed class Pending(TRequest request)
    {
        public TRequest Request { get; } = request;

        public TaskCompletionSource<TResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
