using OrleansKv.TestSupport.Linearizability;

namespace OrleansKv.UnitTests.Linearizability;

/// <summary>
/// The checker on the small histories of CAS-NOTES.md, with compare-and-set written against
/// versions as OrleansKv does it: "CAS(0→1)" is a write of 1 if the version is the one 0 got.
/// </summary>
public sealed class LinearizabilityCheckerTests
{
    private const long Never = HistoryOperation<KeyValueInput, KeyValueOutput>.Never;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Reads_overlapping_a_write_may_see_it_or_not_in_either_order()
    {
        var history = new[]
        {
            Op(0, Put("100"), 0, Applied("v1"), 100),
            Op(1, Get(), 10, Read("100", "v1"), 90),
            Op(2, Get(), 20, Absent(), 80),
        };

        AssertVerdict(LinearizabilityVerdict.Linearizable, history);
    }

    [Fact]
    public void A_read_may_not_go_back_to_absent_after_another_read_saw_the_write()
    {
        var history = new[]
        {
            Op(0, Put("200"), 0, Applied("v1"), 100),
            Op(1, Get(), 10, Read("200", "v1"), 30),
            Op(2, Get(), 40, Absent(), 80),
        };

        AssertVerdict(LinearizabilityVerdict.NotLinearizable, history);
    }

    [Fact]
    public void Two_overlapping_compare_and_sets_on_one_version_cannot_both_succeed()
    {
        var history = new[]
        {
            Op(0, Put("0"), 0, Applied("v0"), 10),
            Op(1, Cas("v0", "1"), 20, Applied("v1"), 40),
            Op(2, Cas("v0", "2"), 25, Applied("v2"), 45),
        };

        AssertVerdict(LinearizabilityVerdict.NotLinearizable, history);
    }

    [Fact]
    public void A_lone_compare_and_set_on_the_current_version_cannot_fail()
    {
        var history = new[]
        {
            Op(0, Put("0"), 0, Applied("v0"), 10),
            Op(1, Cas("v0", "7"), 20, KeyValueOutput.Failed(true, "0", "v0"), 30),
        };

        AssertVerdict(LinearizabilityVerdict.NotLinearizable, history);
    }

    [Fact]
    public void An_unknown_outcome_may_take_effect_later_but_only_once()
    {
        var prefix = new[]
        {
            Op(0, Put("0"), 0, Applied("v0"), 10),
            Op(1, Cas("v0", "5"), 20, KeyValueOutput.Unknown, Never),
        };

        AssertVerdict(
            LinearizabilityVerdict.Linearizable,
            [.. prefix, Op(2, Get(), 30, Read("0", "v0"), 40), Op(2, Get(), 50, Read("5", "v5"), 60)]);
        AssertVerdict(
            LinearizabilityVerdict.NotLinearizable,
            [.. prefix, Op(2, Get(), 30, Read("5", "v5"), 40), Op(2, Get(), 50, Read("0", "v0"), 60)]);
    }

    [Fact]
    public void Intervals_are_closed_so_a_read_starting_as_a_write_returns_overlaps_it()
    {
        var history = new[]
        {
            Op(0, Put("1"), 10, Applied("v1"), 20),
            Op(1, Get(), 20, Absent(), 30),
        };

        AssertVerdict(LinearizabilityVerdict.Linearizable, history);
    }

    [Fact]
    public void Two_overlapping_puts_if_absent_cannot_both_succeed()
    {
        var history = new[]
        {
            Op(0, new KeyValueInput("k", KeyValueAction.Write, "a", IfAbsent: true), 0, Applied("va"), 20),
            Op(1, new KeyValueInput("k", KeyValueAction.Write, "b", IfAbsent: true), 5, Applied("vb"), 25),
        };

        AssertVerdict(LinearizabilityVerdict.NotLinearizable, history);
    }

    [Fact]
    public void A_delete_makes_the_key_absent_for_a_put_if_absent()
    {
        var history = new[]
        {
            Op(0, Put("a"), 0, Applied("v1"), 10),
            Op(0, new KeyValueInput("k", KeyValueAction.Delete, IfVersion: "v1"), 20, Applied("v2"), 30),
            Op(1, new KeyValueInput("k", KeyValueAction.Write, "b", IfAbsent: true), 40, Applied("v3"), 50),
            Op(1, Get(), 60, Read("b", "v3"), 70),
        };

        AssertVerdict(LinearizabilityVerdict.Linearizable, history);
    }

    [Fact]
    public void A_failed_condition_must_report_the_value_it_failed_on()
    {
        var history = new[]
        {
            Op(0, Put("a"), 0, Applied("v1"), 10),
            Op(1, Cas("v0", "b"), 20, KeyValueOutput.Failed(true, "stale", "v9"), 30),
        };

        AssertVerdict(LinearizabilityVerdict.NotLinearizable, history);
    }

    [Fact]
    public void Keys_are_checked_apart_and_the_illegal_key_is_named()
    {
        var history = new[]
        {
            Op(0, Put("1"), 0, Applied("v1"), 10),
            Op(1, new KeyValueInput("other", KeyValueAction.Read), 20, Read("1", "v1"), 30),
        };

        var result = LinearizabilityChecker.Check(KeyValueModel.Instance, history, input => input.Key, Timeout);

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.Equal("other", result.Partition);
    }

    internal static HistoryOperation<KeyValueInput, KeyValueOutput> Op(int client, KeyValueInput input, long call, KeyValueOutput output, long ret) =>
        new(client, input, call, output, ret);

    private static KeyValueInput Put(string value) => new("k", KeyValueAction.Write, value);

    private static KeyValueInput Cas(string ifVersion, string value) => new("k", KeyValueAction.Write, value, ifVersion);

    private static KeyValueInput Get() => new("k", KeyValueAction.Read);

    private static KeyValueOutput Applied(string version) => KeyValueOutput.Applied(version);

    private static KeyValueOutput Read(string value, string version) => KeyValueOutput.Read(value, version);

    private static KeyValueOutput Absent() => KeyValueOutput.Absent;

    private static void AssertVerdict(LinearizabilityVerdict expected, HistoryOperation<KeyValueInput, KeyValueOutput>[] history)
    {
        var result = LinearizabilityChecker.Check(KeyValueModel.Instance, history, input => input.Key, Timeout);
        Assert.True(expected == result.Verdict, $"expected {expected}, got {result}");
    }
}
