using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansKv.Silo.Node;

namespace OrleansKv.UnitTests.NodeProcess;

/// <summary>The handler that replaces Orleans' abort: it records why and asks the host to stop, once.</summary>
public sealed class RestartingFatalErrorHandlerTests
{
    [Fact]
    public void Being_declared_dead_records_the_first_reason_without_the_membership_dump_and_stops_the_host_once()
    {
        var stop = new FatalStop();
        var lifetime = new CountingLifetime();
        var handler = new RestartingFatalErrorHandler(stop, lifetime, NullLogger<RestartingFatalErrorHandler>.Instance);

        handler.OnFatalException(this, "I have been told I am dead, so this silo will stop! Reason: The membership view classifies this silo as Dead (in Refresh). Membership: [Version: 7, 3 silos]");
        handler.OnFatalException(this, "Detected newer version of myself");

        Assert.True(stop.Requested);
        Assert.Equal(
            $"I have been told I am dead, so this silo will stop! Reason: The membership view classifies this silo as Dead (in Refresh). (from {nameof(RestartingFatalErrorHandlerTests)})",
            stop.Reason);
        Assert.Equal(1, lifetime.StopRequests);
        Assert.True(handler.IsUnexpected(new InvalidOperationException()));
    }

    private sealed class CountingLifetime : IHostApplicationLifetime
    {
        public int StopRequests { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequests++;
    }
}
