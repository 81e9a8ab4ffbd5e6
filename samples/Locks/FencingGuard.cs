using OrleansKv.Versioning;

namespace OrleansKv.Samples.Locks;

/// <summary>
/// The check a resource protected by a <see cref="LeaseLock"/> makes on every request: it admits
/// a fencing token no older than the newest it has admitted, and refuses older ones. A holder
/// that was paused past its lease's expiry still carries its old token, so once the next holder
/// has been admitted, the paused one is refused, whatever it believes.
/// </summary>
public sealed class FencingGuard
{
    private readonly Lock _gate = new();
    private ValueVersion? _newest;

    /// <summary>True (and remembered) when <paramref name="token"/> is the newest seen or newer.</summary>
    public bool TryAdmit(ValueVersion token)
    {
        lock (_gate)
        {
            if (token.CompareTo(_newest) < 0)
            {
                return false;
            }

            _newest = token;
            return true;
        }
    }
}
