using System.CommandLine;
using OrleansKv.Silo.Cli;

namespace OrleansKv.UnitTests.NodeCommand;

/// <summary><c>OrleansKv.Silo restore</c>: what its command line refuses before it touches a data directory.</summary>
public sealed class RestoreCommandLineTests
{
    [Theory]
    [InlineData("--snapshot", "20261210T153012Z-a1b2c3")]
    [InlineData("--snapshot", "20261210T153012Z-a1b2c3", "--node-id", "1", "--cluster")]
    public async Task Restore_needs_exactly_one_of_node_id_and_cluster(params string[] arguments)
    {
        var (exitCode, errors) = await RunAsync(arguments);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Give one of --node-id K and --cluster.", errors);
    }

    [Fact]
    public async Task Restore_needs_a_snapshot_id()
    {
        var (exitCode, errors) = await RunAsync(["--cluster"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--snapshot", errors);
    }

    private static async Task<(int ExitCode, string Errors)> RunAsync(string[] arguments)
    {
        var errors = new StringWriter();
        var configuration = new InvocationConfiguration { Output = TextWriter.Null, Error = errors, ProcessTerminationTimeout = null };
        var exitCode = await SiloCommandLine.Build(_ => null).Parse(["restore", "--data-dir", Path.GetTempPath(), .. arguments]).InvokeAsync(configuration);
        return (exitCode, errors.ToString());
    }
}
