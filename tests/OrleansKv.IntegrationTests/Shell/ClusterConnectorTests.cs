using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrleansKv.Shell;
using OrleansKv.Shell.Connection;

namespace OrleansKv.IntegrationTests.Shell;

public sealed class ClusterConnectorTests
{
    [Fact]
    public async Task A_gateway_where_nothing_listens_is_reported_at_once()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        // Without the refused-connection check the Orleans client retries until the connect
        // timeout: a long one tells "at once" from "when the timeout ran out" on any machine.
        var connectTimeout = TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(
            () => ClusterConnector.ConnectAsync(new GatewayTarget([endpoint]), connectTimeout));

        Assert.Contains($"could not connect to gateway {endpoint}", error.Message);
        Assert.Contains("Is the cluster running?", error.Message);
        TimingBound.Below("the connect timeout", connectTimeout).Check(clock.Elapsed, "reporting a refused gateway");
    }

    [Fact]
    public async Task A_data_directory_without_a_cluster_is_reported_without_creating_files()
    {
        using var directory = new TestDirectory();

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(
            () => ClusterConnector.ConnectAsync(new LocalClusterTarget(directory.Path), TimeSpan.FromSeconds(5)));

        Assert.Contains("membership.db does not exist", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task A_gateway_that_accepts_but_never_speaks_orleans_times_out_within_the_connect_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var connectTimeout = TimeSpan.FromSeconds(1);
        // After the timeout the connector asks the gateway for a TLS handshake (bounded by the
        // probe timeout) to tell a TLS mismatch apart. The margin is for what no setting bounds:
        // building the Orleans client and its continuations on a loaded machine (over 8 s seen
        // with a load average of 30 on 2 cores). It still tells a kept timeout from a hang.
        var bound = new TimingBound(
            "the connect timeout + the TLS probe timeout", connectTimeout + ClusterConnector.TlsProbeTimeout,
            TimeSpan.FromSeconds(20), "building and starting the Orleans client under load");
        var clock = Stopwatch.StartNew();

        // A hang fails here (a TimeoutException instead of the connector's error), not never.
        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(
            () => ClusterConnector.ConnectAsync(new GatewayTarget([endpoint]), connectTimeout).WaitAsync(bound.Limit));

        Assert.Contains($"could not connect to gateway {endpoint}", error.Message);
        Assert.Contains($"no gateway answered within {connectTimeout.TotalSeconds:0.#} s", error.Message);
        bound.Check(clock.Elapsed, "a connection to a gateway that never answers");
    }

    [Fact]
    public async Task The_shell_exits_with_the_unreachable_code_when_no_cluster_answers()
    {
        var exit = await ShellProgram.RunAsync(["--gateway", $"127.0.0.1:{FreePorts.Next()}", "-c", "get a"]);

        Assert.Equal(ShellExitCodes.ClusterUnreachable, exit);
    }
}
