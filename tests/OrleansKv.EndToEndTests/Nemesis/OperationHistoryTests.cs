namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>The checker itself: it must find each kind of problem in a made-up history, or the nemesis run proves nothing.</summary>
public sealed class OperationHistoryTests
{
    private static Operation Put(long sequence, long start, long end, Outcome outcome = Outcome.Ok) =>
        new("k", "put", sequence, "quorum", start, end, outcome, null, "");

    private static Operation Get(long? read, long start, long end) => new("k", "get", 0, "quorum", start, end, Outcome.Ok, read, "");

    private static Verdict Check(long? final, params Operation[] operations)
    {
        var history = new OperationHistory();
        foreach (var operation in operations)
        {
            history.Add(operation);
        }

        return history.Check(new Dictionary<string, long?> { ["k"] = final }, diverged: 0);
    }

    [Fact]
    public void A_history_where_every_read_sees_the_acknowledged_writes_is_clean()
    {
        var verdict = Check(2, Put(1, 0, 10), Get(1, 11, 12), Put(2, 13, 20), Put(3, 21, 30, Outcome.Maybe), Get(2, 22, 25));

        Assert.Equal("operations=5 acknowledged=4 failed_cleanly=0 maybe=1 bad_answers=0 lost=0 stale_reads=0 invented=0 diverged=0", verdict.ToString());
    }

    [Fact]
    public void An_acknowledged_write_the_key_does_not_end_with_is_lost()
    {
        Assert.Single(Check(1, Put(1, 0, 10), Put(2, 11, 20)).Lost);
        Assert.Single(Check(null, Put(1, 0, 10)).Lost);
    }

    [Fact]
    public void A_read_older_than_a_write_acknowledged_before_it_began_is_stale_and_so_is_one_going_backwards()
    {
        Assert.Single(Check(2, Put(1, 0, 10), Put(2, 11, 20), Get(1, 21, 22)).StaleReads);
        Assert.Single(Check(2, Put(1, 0, 10), Put(2, 11, 40, Outcome.Maybe), Get(2, 12, 13), Get(1, 14, 15)).StaleReads);
    }

    [Fact]
    public void A_value_no_client_wrote_is_invented()
    {
        Assert.Single(Check(1, Put(1, 0, 10), Get(7, 11, 12)).Invented);
        Assert.Single(Check(9, Put(1, 0, 10)).Invented);
    }

    [Fact]
    public void A_key_read_absent_after_its_put_was_acknowledged_is_stale_unless_a_later_delete_had_begun()
    {
        var delete = new Operation("k", "delete", 2, "quorum", 15, 30, Outcome.Maybe, null, "");

        Assert.Single(Check(1, Put(1, 0, 10), Get(null, 11, 12)).StaleReads);
        Assert.Empty(Check(null, Put(1, 0, 10), delete, Get(null, 16, 17)).StaleReads);
    }

    [Fact]
    public void A_write_that_timed_out_may_take_effect_after_later_writes_once_and_what_it_overwrote_never_comes_back()
    {
        // Seed 1423: put 2 timed out in a network cut, reached its coordinator after put 3 was
        // acknowledged, and won: reads then return 2, which is no stale read.
        Operation[] late = [Put(1, 0, 10), Put(2, 11, int.MaxValue, Outcome.Maybe), Put(3, 20, 30), Get(3, 31, 32), Get(2, 33, 34), Get(2, 35, 36)];

        Assert.Empty(Check(2, late).StaleReads);
        Assert.Empty(Check(2, late).Lost);
        // What it overwrote must not be read again, nor may it stand after a newer acknowledged write.
        Assert.Single(Check(2, [.. late, Get(3, 40, 41)]).StaleReads);
        Assert.Single(Check(4, [.. late, Put(4, 40, 50), Get(2, 51, 52)]).StaleReads);
        // Only a write without an answer may be late: an old acknowledged value read again is stale.
        Assert.NotEmpty(Check(3, Put(1, 0, 10), Put(2, 11, 15), Put(3, 20, 30), Get(3, 31, 32), Get(2, 33, 34)).StaleReads);
    }
}
