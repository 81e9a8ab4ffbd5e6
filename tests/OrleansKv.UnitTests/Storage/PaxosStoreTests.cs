using Microsoft.Extensions.Time.Testing;
using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

/// <summary>The Paxos acceptor: the ballot rules, and that what it answered survives a reopen.</summary>
public sealed class PaxosStoreTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ValueVersion Ballot(long timestamp, string node = "node1") => new(timestamp, node);

    private static PaxosProposal Proposal(long ballot, string value, long version) =>
        new(Ballot(ballot), new VersionedValue(new ValueVersion(version, "node1"), System.Text.Encoding.UTF8.GetBytes(value)));

    [Fact]
    public async Task A_promise_refuses_lower_and_equal_ballots_and_answers_with_the_ballot_it_holds()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        var store = new PaxosStore(database, fsync: false);

        Assert.True((await store.PrepareAsync("k", Ballot(10))).Promised);
        var lower = await store.PrepareAsync("k", Ballot(9));
        var equal = await store.PrepareAsync("k", Ballot(10));
        var tie = await store.PrepareAsync("k", Ballot(10, "node2"));

        Assert.False(lower.Promised);
        Assert.Equal(Ballot(10), lower.State.Promised);
        Assert.False(equal.Promised);
        Assert.True(tie.Promised);
        Assert.Null(await Task.FromResult(store.Get("other")));
    }

    [Fact]
    public async Task A_proposal_below_the_promise_is_refused_and_one_at_or_above_it_replaces_the_accepted_one()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        var store = new PaxosStore(database, fsync: false);
        await store.PrepareAsync("k", Ballot(10));

        var refused = await store.ProposeAsync("k", Proposal(9, "old", 9));
        var accepted = await store.ProposeAsync("k", Proposal(10, "a", 11));
        var newer = await store.ProposeAsync("k", Proposal(12, "b", 13));

        Assert.False(refused.Accepted);
        Assert.True(accepted.Accepted);
        Assert.True(newer.Accepted);
        Assert.Equal(Proposal(12, "b", 13).Value!.Version, store.Get("k")!.Accepted!.Value!.Version);
        Assert.Equal(Ballot(12), store.Get("k")!.Promised);
    }

    [Fact]
    public async Task Promises_and_accepted_proposals_survive_a_reopen()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var store = new PaxosStore(database, fsync: true);
            await store.PrepareAsync("k", Ballot(20));
            await store.ProposeAsync("k", Proposal(20, "v", 21));
            await store.PrepareAsync("k", Ballot(30));
            await store.ProposeAsync("empty", new PaxosProposal(Ballot(5), null));
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var store = new PaxosStore(database, fsync: false);
            var state = store.Get("k")!;

            Assert.Equal(Ballot(30), state.Promised);
            Assert.Equal(Ballot(20), state.Accepted!.Ballot);
            Assert.Equal("v", System.Text.Encoding.UTF8.GetString(state.Accepted.Value!.Value!));
            Assert.True(store.Get("empty")!.Accepted!.IsEmpty);
            Assert.False((await store.PrepareAsync("k", Ballot(25))).Promised);
        }
    }

    [Fact]
    public async Task A_commit_forgets_the_accepted_proposal_at_or_below_its_ballot_but_keeps_the_promise()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        var store = new PaxosStore(database, fsync: false);
        await store.PrepareAsync("k", Ballot(10));
        await store.ProposeAsync("k", Proposal(10, "v", 11));
        await store.PrepareAsync("k", Ballot(15));

        await store.CommitAsync("k", Ballot(8), new ValueVersion(8, "node1"));
        Assert.NotNull(store.Get("k")!.Accepted);

        await store.CommitAsync("k", Ballot(10), new ValueVersion(11, "node1"));

        Assert.Null(store.Get("k")!.Accepted);
        Assert.Equal(Ballot(15), store.Get("k")!.Promised);
        Assert.Equal(Ballot(10), store.Get("k")!.Committed);
        Assert.False((await store.ProposeAsync("k", Proposal(12, "late", 12))).Accepted);
    }

    [Fact]
    public async Task Recent_commits_are_listed_once_each_newest_first_and_the_oldest_dropped_is_remembered()
    {
        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var store = new PaxosStore(database, fsync: false);
            for (var i = 1; i <= PaxosAcceptorState.KeptCommits + 2; i++)
            {
                await store.CommitAsync("k", Ballot(i * 10), new ValueVersion(i * 10 + 1, "node1"));
                await store.CommitAsync("k", Ballot(i * 10), new ValueVersion(i * 10 + 1, "node1"));
            }
        }

        using (var database = NodeDatabase.Open(_directory.Path))
        {
            var state = new PaxosStore(database, fsync: false).Get("k")!;

            Assert.Equal(PaxosAcceptorState.KeptCommits, state.Commits!.Length);
            Assert.Equal(new ValueVersion((PaxosAcceptorState.KeptCommits + 2) * 10 + 1, "node1"), state.Commits[0].Version);
            Assert.Equal(Ballot(20), state.Forgotten);
        }
    }

    [Fact]
    public async Task Accepting_a_proposal_keeps_the_commits_listed()
    {
        using var database = NodeDatabase.Open(_directory.Path);
        var store = new PaxosStore(database, fsync: false);
        await store.CommitAsync("k", Ballot(10), new ValueVersion(11, "node1"));

        await store.PrepareAsync("k", Ballot(20));
        await store.ProposeAsync("k", Proposal(20, "next", 21));

        Assert.Equal(new ValueVersion(11, "node1"), Assert.Single(store.Get("k")!.Commits!).Version);
    }

    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static ValueVersion At(DateTimeOffset time, string node = "node1") =>
        new(time.ToUnixTimeMilliseconds() << ValueVersion.LogicalBits, node);

    private static PaxosProposal ProposalAt(DateTimeOffset time, string value) =>
        new(At(time), new VersionedValue(At(time), System.Text.Encoding.UTF8.GetBytes(value)));

    [Fact]
    public async Task Committed_state_older_than_the_grace_is_dropped_and_newer_or_pending_state_is_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-08T00:00:00Z"));
        using var database = NodeDatabase.Open(_directory.Path);
        var store = new PaxosStore(database, fsync: false, clock, Grace);
        var start = clock.GetUtcNow();
        await store.PrepareAsync("committed", At(start));
        await store.ProposeAsync("committed", ProposalAt(start, "v"));
        await store.CommitAsync("committed", At(start), At(start));
        await store.PrepareAsync("pending", At(start));
        await store.ProposeAsync("pending", ProposalAt(start, "chosen?"));
        await store.PrepareAsync("read", At(start));
        await store.ProposeAsync("read", new PaxosProposal(At(start), null));

        clock.Advance(Grace / 2);
        await store.PrepareAsync("recent", At(clock.GetUtcNow()));
        clock.Advance(Grace / 2 + TimeSpan.FromSeconds(1));

        Assert.Equal(2, store.Collect(clock.GetUtcNow() - Grace));
        Assert.Null(store.Get("committed"));
        Assert.Null(store.Get("read"));
        Assert.NotNull(store.Get("pending")!.Accepted);
        Assert.NotNull(store.Get("recent"));
    }

    [Fact]
    public async Task After_its_state_is_dropped_a_ballot_the_dropped_promise_refused_is_still_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-08T00:00:00Z"));
        using var database = NodeDatabase.Open(_directory.Path);
        var store = new PaxosStore(database, fsync: false, clock, Grace);
        var old = At(clock.GetUtcNow(), "node1");
        var promised = At(clock.GetUtcNow() + TimeSpan.FromMilliseconds(1), "node2");
        await store.PrepareAsync("k", promised);
        await store.CommitAsync("k", promised, promised);
        clock.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(1, store.Collect(clock.GetUtcNow() - Grace));

        var prepare = await store.PrepareAsync("k", old);
        var propose = await store.ProposeAsync("k", new PaxosProposal(old, null));
        var fresh = await store.PrepareAsync("k", At(clock.GetUtcNow()));

        Assert.False(prepare.Promised);
        Assert.False(propose.Accepted);
        Assert.True(store.LowBound!.IsNewerThan(promised));
        Assert.True(prepare.State.Promised!.IsNewerThan(old));
        Assert.True(fresh.Promised);
    }
}
