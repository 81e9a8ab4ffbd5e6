using Microsoft.Extensions.Time.Testing;
using OrleansKv.Client.Resilience;
using OrleansKv.Errors;
using Polly.Timeout;

namespace OrleansKv.UnitTests.Client;

public sealed class CoordinatorRotationTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Requests_rotate_over_every_coordinator()
    {
        var rotation = new CoordinatorRotation(["node1", "node2", "node3"], TimeSpan.FromSeconds(10), _time);

        var firsts = Enumerable.Range(0, 6).Select(_ => rotation[rotation.First()]).ToArray();

        Assert.Equal(["node1", "node2", "node3", "node1", "node2", "node3"], firsts);
    }

    [Fact]
    public void A_coordinator_that_failed_is_skipped_until_its_quarantine_ends()
    {
        var rotation = new CoordinatorRotation(["node1", "node2", "node3"], TimeSpan.FromSeconds(10), _time);
        rotation.MarkFailed(0);

        var during = Enumerable.Range(0, 6).Select(_ => rotation[rotation.First()]).ToArray();
        _time.Advance(TimeSpan.FromSeconds(10));
        var after = Enumerable.Range(0, 3).Select(_ => rotation[rotation.First()]).ToArray();

        Assert.DoesNotContain("node1", during);
        Assert.Contains("node1", after);
        Assert.Equal(1, rotation.After(0));
    }

    [Fact]
    public void When_every_coordinator_failed_requests_still_go_somewhere()
    {
        var rotation = new CoordinatorRotation(["node1", "node2"], TimeSpan.FromSeconds(10), _time);
        rotation.MarkFailed(0);
        rotation.MarkFailed(1);

        Assert.Equal(1, rotation.After(0));
        Assert.InRange(rotation.First(), 0, 1);
    }

    [Fact]
    public void Only_failures_another_coordinator_may_not_have_are_retried()
    {
        Assert.True(CoordinatorFailover.IsTransient(new NodeUnavailableException("node1")));
        Assert.True(CoordinatorFailover.IsTransient(new TimeoutRejectedException()));
        Assert.True(CoordinatorFailover.IsTransient(new TimeoutException()));
        Assert.False(CoordinatorFailover.IsTransient(new InvalidRequestException(InvalidRequestKind.EmptyKey, "empty")));
        Assert.False(CoordinatorFailover.IsTransient(new ConsistencyNotMetException(
            "k", OrleansKv.Consistency.ConsistencyLevel.All, 3, ["node1"], 3, 3, [])));
    }
}
