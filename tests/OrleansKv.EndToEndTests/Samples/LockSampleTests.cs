using OrleansKv.EndToEndTests.Infrastructure;
using OrleansKv.Samples.Locks;
using OrleansKv.Versioning;

namespace OrleansKv.EndToEndTests.Samples;

/// <summary>The lock recipe (samples/Locks) on a real 3-node cluster, its holders going through different coordinators.</summary>
public sealed class LockSampleTests
{
    private const int Acquisitions = 200;

    [Fact]
    public async Task Two_holders_competing_200_times_for_a_lease_are_never_in_at_once_and_their_fencing_tokens_only_grow()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await using var first = await ClientHost.StartAsync(cluster, o => o.Client.CoordinatorNodes = ["node1"]);
        await using var second = await ClientHost.StartAsync(cluster, o => o.Client.CoordinatorNodes = ["node2"]);
        var log = new HolderLog();
        var guard = new FencingGuard();
        var remaining = Acquisitions;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(50));

        async Task CompeteAsync(string holder, LeaseLock locks)
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var lease = await locks.AcquireAsync(deadline.Token);
                log.Enter(holder, lease.FencingToken);
                Assert.True(guard.TryAdmit(lease.FencingToken), $"{holder}'s token {lease.FencingToken} was refused as stale");
                var renewed = await locks.RenewAsync(lease, deadline.Token);
                Assert.True(renewed is not null, $"{holder} lost a lease it held for much less than its TTL");
                log.Renew(holder, renewed.FencingToken);
                Assert.True(guard.TryAdmit(renewed.FencingToken), $"{holder}'s renewed token {renewed.FencingToken} was refused as stale");
                // Acting past IsValid would be outside what the recipe promises; fail instead of hiding it.
                Assert.True(renewed.IsValid, $"{holder}'s lease ran out while it worked");
                log.Exit(holder);
                Assert.True(await locks.ReleaseAsync(renewed, deadline.Token), $"{holder} could not release its own lease");
            }
        }

        var ttl = TimeSpan.FromSeconds(10);
        await Task.WhenAll(
            Task.Run(() => CompeteAsync("first", new LeaseLock(first.Client, "report", "first", ttl))),
            Task.Run(() => CompeteAsync("second", new LeaseLock(second.Client, "report", "second", ttl))));

        var entries = log.Entries;
        Assert.Equal(Acquisitions * 3, entries.Count);
        string? inside = null;
        ValueVersion? newest = null;
        foreach (var (holder, step, token) in entries)
        {
            if (step == "enter")
            {
                Assert.True(inside is null, $"{holder} entered while {inside} was in (token {token})");
                inside = holder;
            }
            else
            {
                Assert.True(inside == holder, $"{holder} did '{step}' while {inside ?? "nobody"} was in");
                inside = step == "exit" ? null : inside;
            }

            if (token is not null)
            {
                Assert.True(token.IsNewerThan(newest), $"fencing token {token} ({holder} {step}) is not newer than {newest}");
                newest = token;
            }
        }

        Assert.Contains(entries, e => e.Holder == "first" && e.Step == "enter");
        Assert.Contains(entries, e => e.Holder == "second" && e.Step == "enter");
    }

    [Fact]
    public async Task A_holder_paused_past_its_lease_is_refused_by_the_fencing_token_and_cannot_renew_or_release_the_next_lease()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await using var first = await ClientHost.StartAsync(cluster, o => o.Client.CoordinatorNodes = ["node1"]);
        await using var second = await ClientHost.StartAsync(cluster, o => o.Client.CoordinatorNodes = ["node2"]);
        var guard = new FencingGuard();
        var paused = new LeaseLock(first.Client, "report", "paused", TimeSpan.FromSeconds(1));
        var next = new LeaseLock(second.Client, "report", "next", TimeSpan.FromSeconds(30));

        var stale = await paused.TryAcquireAsync();
        Assert.NotNull(stale);
        Assert.True(guard.TryAdmit(stale.FencingToken));

        // The first holder does nothing (as if paused) until its lease expires and the next one takes it.
        Lease? current = null;
        await Poll.UntilAsync(async () => (current = await next.TryAcquireAsync()) is not null, "the next holder to take the expired lease", TimeSpan.FromSeconds(20));
        Assert.True(guard.TryAdmit(current!.FencingToken));

        Assert.False(guard.TryAdmit(stale.FencingToken), "the paused holder's old token was admitted after the next holder's");
        Assert.Null(await paused.RenewAsync(stale));
        Assert.False(await paused.ReleaseAsync(stale));
        Assert.Null(await new LeaseLock(first.Client, "report", "third", TimeSpan.FromSeconds(30)).TryAcquireAsync());
        Assert.True(await next.ReleaseAsync(current));
    }

    /// <summary>What each holder did while it believed it held the lock, in the order it happened.</summary>
    private sealed class HolderLog
    {
        private readonly Lock _gate = new();
        private readonly List<(string Holder, string Step, ValueVersion? Token)> _entries = [];

        public IReadOnlyList<(string Holder, string Step, ValueVersion? Token)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public void Enter(string holder, ValueVersion token) => Add(holder, "enter", token);

        public void Renew(string holder, ValueVersion token) => Add(holder, "renew", token);

        public void Exit(string holder) => Add(holder, "exit", null);

        private void Add(string holder, string step, ValueVersion? token)
        {
            lock (_gate)
            {
                _entries.Add((holder, step, token));
            }
        }
    }
}
