using System.Diagnostics;
using System.Text.Json.Serialization;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Versioning;

namespace OrleansKv.Samples.Locks;

/// <summary>
/// A named lock as a lease on one key: taken by a conditional put with a time to live (only if
/// the key is absent), renewed by a compare-and-set on the version the holder has, released by
/// a delete on that version. Every step is a <c>serial</c> conditional write, so two holders
/// never both succeed on the same version. See README.md for what this does not guarantee.
/// </summary>
public sealed class LeaseLock(KeyValueClient kv, string name, string owner, TimeSpan ttl)
{
    /// <summary>
    /// How much of the TTL a holder gives up so that it stops believing before the store forgets:
    /// the holder's clock starts before the request is sent, the store's at its coordinator, and
    /// the two may run at slightly different rates.
    /// </summary>
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(200);

    private static readonly ReadOptions SerialRead = new() { Level = ConsistencyLevel.Serial };

    /// <summary>The key that holds the lease.</summary>
    public string Key { get; } = $"lock:{name}";

    /// <summary>Takes the lock if nobody holds it; null when someone does.</summary>
    public async Task<Lease?> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var holder = NewHolder();
        try
        {
            var taken = await kv.PutIfAbsentAsync(Key, holder, LeaseJson.Default.LeaseHolder, new ConditionalWriteOptions { Ttl = ttl }, cancellationToken);
            return taken.Applied ? new Lease(Key, taken.Write!.Version, ValidUntil(started)) : null;
        }
        catch (Exception e) when (e is ConsistencyNotMetException or TimeoutException)
        {
            return await SettleAsync(holder, started, cancellationToken);
        }
    }

    /// <summary>Takes the lock, waiting with jittered backoff while someone else holds it.</summary>
    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryAcquireAsync(cancellationToken) is { } lease)
            {
                return lease;
            }

            // Backoff, not synchronisation: the holder may release at any moment, or its lease expire.
            var ceiling = Math.Min(100, 5 * Math.Pow(2, Math.Min(attempt, 5)));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken);
        }
    }

    /// <summary>
    /// Extends the lease for another TTL if it is still this holder's; the renewed lease has a new
    /// version (a new fencing token). Null when the lease was lost (expired and taken, or released).
    /// </summary>
    public async Task<Lease?> RenewAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var holder = NewHolder();
        try
        {
            var renewed = await kv.CompareAndSetAsync(Key, lease.FencingToken, holder, LeaseJson.Default.LeaseHolder, new ConditionalWriteOptions { Ttl = ttl }, cancellationToken);
            return renewed.Applied ? new Lease(Key, renewed.Write!.Version, ValidUntil(started)) : null;
        }
        catch (Exception e) when (e is ConsistencyNotMetException or TimeoutException)
        {
            return await SettleAsync(holder, started, cancellationToken);
        }
    }

    /// <summary>Gives the lock up; false when it was no longer this holder's (nothing is deleted then).</summary>
    public async Task<bool> ReleaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await kv.DeleteIfAsync(Key, lease.FencingToken, cancellationToken: cancellationToken)).Applied;
        }
        catch (Exception e) when (e is ConsistencyNotMetException or TimeoutException)
        {
            // Undecided: a serial read decides it. Still this lease: the delete did not apply, so try again.
            var now = await kv.GetEntryAsync(Key, LeaseJson.Default.LeaseHolder, SerialRead, cancellationToken);
            return now is null || (now.Version == lease.FencingToken && await ReleaseAsync(lease, cancellationToken));
        }
    }

    /// <summary>
    /// A take or renew whose outcome the store could not decide (contention, a slow replica) may
    /// or may not have applied. A serial read completes any accepted proposal and so decides it:
    /// the lease is ours only if the key holds this very attempt.
    /// </summary>
    private async Task<Lease?> SettleAsync(LeaseHolder attempt, long started, CancellationToken cancellationToken)
    {
        var now = await kv.GetEntryAsync(Key, LeaseJson.Default.LeaseHolder, SerialRead, cancellationToken);
        return now is not null && now.Value == attempt ? new Lease(Key, now.Version, ValidUntil(started)) : null;
    }

    // Each attempt writes a value of its own, so a serial read can tell whether this attempt landed.
    private LeaseHolder NewHolder() => new(owner, Guid.NewGuid().ToString("N"));

    private long ValidUntil(long started) => started + (long)((ttl - SafetyMargin).TotalSeconds * Stopwatch.Frequency);
}

/// <summary>
/// A lease as its holder knows it. <see cref="FencingToken"/> is the version of the write that
/// took or renewed it: versions only grow, so a protected resource that remembers the highest
/// token it has seen can refuse a holder that lost the lease without knowing it.
/// </summary>
public sealed record Lease(string Key, ValueVersion FencingToken, long ValidUntilTimestamp)
{
    /// <summary>
    /// True while this holder may act as the holder (by its own monotonic clock). A holder that was
    /// paused may read true here too late to matter: the token is what protects the resource.
    /// </summary>
    public bool IsValid => Stopwatch.GetTimestamp() < ValidUntilTimestamp;
}

/// <summary>What the lease key holds: who took it (for people and tools that look) and which attempt wrote it.</summary>
public sealed record LeaseHolder(string Owner, string Attempt);

[JsonSerializable(typeof(LeaseHolder))]
internal sealed partial class LeaseJson : JsonSerializerContext;
