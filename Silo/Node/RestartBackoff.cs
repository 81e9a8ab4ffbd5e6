namespace OrleansKv.Silo.Node;

/// <summary>
/// Delays between the node's attempts to start a silo again: none at first, then doubling from
/// 1 s up to <see cref="Longest"/>, so a node that keeps failing does not spin, and one that
/// has reached its peers again is back within seconds. Reset once a silo has run a while.
/// </summary>
public sealed class RestartBackoff
{
    /// <summary>The longest wait: short next to the 30 s within which a node must be back once it reaches its peers.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    /// <summary>A silo that ran this long was healthy: its successor starts without waiting.</summary>
    public static readonly TimeSpan Healthy = TimeSpan.FromMinutes(1);

    private TimeSpan _next = TimeSpan.Zero;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Longest.Ticks));
        return delay;
    }

    public void Reset() => _next = TimeSpan.Zero;
}
