using OrleansKv.Silo.Node;

namespace OrleansKv.UnitTests.NodeProcess;

public sealed class RestartBackoffTests
{
    [Fact]
    public void The_first_restart_is_immediate_then_waits_double_up_to_five_seconds_and_a_reset_starts_over()
    {
        var backoff = new RestartBackoff();

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalSeconds).ToList();
        backoff.Reset();

        Assert.Equal([0, 1, 2, 4, 5, 5], delays);
        Assert.Equal(TimeSpan.Zero, backoff.Next());
    }
}
