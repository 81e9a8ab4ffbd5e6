namespace OrleansKv.Grains.Coordination;

/// <summary>
/// The retry budget of one serial request: rounds lost to other proposers wait a random time,
/// its upper bound doubling per round from <see cref="PaxosOptions.MinBackoff"/> to
/// <see cref="PaxosOptions.MaxBackoff"/> (jitter, so two proposers that clash do not clash again
/// in step), until <see cref="PaxosOptions.ContentionTimeout"/> has passed.
/// </summary>
internal sealed class PaxosContention(PaxosOptions options, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();

    private bool _skipBackoff;

    public int Rounds { get; private set; }

    /// <summary>The next round starts without waiting (time permitting).</summary>
    public void SkipNextBackoff() => _skipBackoff = true;

    public TimeSpan Timeout => options.ContentionTimeout;

    /// <summary>Waits before the next round; false when the request has no time left for one.</summary>
    public async Task<bool> NextRoundAsync()
    {
        Rounds++;
        if (Rounds == 1)
        {
            return true;
        }

        var remaining = options.ContentionTimeout - time.GetElapsedTime(_started);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        if (_skipBackoff)
        {
            _skipBackoff = false;
            return true;
        }

        var ceiling = Math.Min(options.MaxBackoff.TotalMilliseconds, options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(Rounds, 20)));
        var wait = TimeSpan.FromMilliseconds(options.MinBackoff.TotalMilliseconds + Random.Shared.NextDouble() * (ceiling - options.MinBackoff.TotalMilliseconds));
        if (wait >= remaining)
        {
            return false;
        }

        await Task.Delay(wait, time);
        return true;
    }
}
