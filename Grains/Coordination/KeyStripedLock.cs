namespace OrleansKv.Grains.Coordination;

/// <summary>
/// Serializes, on this node, the serial requests of one key (and of the few keys that share its
/// stripe): two proposers of one node would only duel each other's ballots, and every duel can
/// leave a proposal that only some replicas accepted (Cassandra v2's <c>PaxosOperationLock</c>
/// does the same). Waiting is asynchronous, bounded by the request's own deadline.
/// </summary>
internal sealed class KeyStripedLock
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The stripe's lease, or null when it was not free within <paramref name="timeout"/>.</summary>
    public async Task<IDisposable?> TryEnterAsync(string key, TimeSpan timeout)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length];
        return await stripe.WaitAsync(timeout) ? new Lease(stripe) : null;
    }

    private sealed class Lease(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
