namespace OrleansKv.Grains.Time;

/// <summary>
/// The recent samples of one peer's clock. The estimate is the sample with the smallest round
/// trip within the window (as NTP's clock filter and CockroachDB's offset monitor do): a call
/// delayed by a queue or a pause only widens its own error, it does not move the estimate.
/// Samples are per silo generation: a peer that restarts (maybe with its clock fixed) starts over.
/// </summary>
internal sealed class PeerClockSamples(string generation)
{
    // A window of 10 s at one probe a second holds ~10; the cap only guards a faster probe.
    private const int MaxSamples = 64;

    private readonly Queue<ClockSample> _samples = new();

    /// <summary>The peer's silo address (with its generation) the samples were taken from.</summary>
    public string Generation { get; } = generation;

    public void Add(ClockSample sample)
    {
        lock (_samples)
        {
            _samples.Enqueue(sample);
            if (_samples.Count > MaxSamples)
            {
                _samples.Dequeue();
            }
        }
    }

    /// <summary>The sample with the smallest round trip among those taken after <paramref name="oldest"/> (a timestamp); null when there are none.</summary>
    public ClockSample? Best(long oldest)
    {
        lock (_samples)
        {
            while (_samples.TryPeek(out var first) && first.Timestamp < oldest)
            {
                _samples.Dequeue();
            }

            ClockSample? best = null;
            foreach (var sample in _samples)
            {
                if (best is null || sample.RoundTrip < best.Value.RoundTrip)
                {
                    best = sample;
                }
            }

            return best;
        }
    }
}
