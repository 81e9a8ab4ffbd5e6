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
        var endpoint = new IPEndPoint(IPAddress.Loopback, UnusedPort());
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(
            () => ClusterConnector.ConnectAsync(new GatewayTarget([endpoint]), TimeSpan.FromSeconds(5)));

        Assert.Contains($"could not connect to gateway {endpoint}", error.Message);
        Assert.Contains("Is the cluster running?", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
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
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(
            () => ClusterConnector.ConnectAsync(new GatewayTarget([endpoint]), TimeSpan.FromSeconds(1)));

        Assert.Contains($"could not connect to gateway {endpoint}", error.Message);
        // The bound tells a kept timeout from a hang; it leaves room for the Orleans client's own
        // start-up, which took 4.7 s once while the end-to-end tests loaded both cores.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_shell_exits_with_the_unreachable_code_when_no_cluster_answers()
    {
        var exit = await ShellProgram.RunAsync(["--gateway", $"127.0.0.1:{UnusedPort()}", "-c", "get a"]);

        Assert.Equal(ShellExitCodes.ClusterUnreachable, exit);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
