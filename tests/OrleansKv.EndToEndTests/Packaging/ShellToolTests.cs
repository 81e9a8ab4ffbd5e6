using System.Diagnostics;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Packaging;

/// <summary>
/// The shell as a user installs it: <c>dotnet pack Shell</c>, then <c>dotnet tool install</c> from
/// the folder it was packed to (a temporary tool path here, as <c>-g</c> would use ~/.dotnet/tools),
/// then the <c>orleanskv</c> command against a running cluster.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ShellToolTests(ThreeNodeProcessClusterFixture fixture)
{
    [Fact]
    public async Task The_packed_shell_installs_as_the_orleanskv_tool_and_runs_commands_against_a_cluster()
    {
        var root = Path.Combine(Path.GetTempPath(), "orleanskv-tool-" + Guid.NewGuid().ToString("N"));
        var packages = Path.Combine(root, "artifacts");
        var tools = Path.Combine(root, "tools");
        try
        {
            var pack = await DotnetAsync("pack", "Shell/Shell.csproj", "-c", SiloBinary.Configuration, "--no-build", "--nologo", "-o", packages);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            // A release version, not a pre-release: `dotnet tool install` finds it without --prerelease.
            Assert.True(File.Exists(Path.Combine(packages, "orleanskv.0.1.0.nupkg")), string.Join(", ", Directory.GetFiles(packages)));

            var install = await DotnetAsync("tool", "install", "--tool-path", tools, "--add-source", packages, "orleanskv");
            Assert.True(install.ExitCode == 0, install.ToString());

            var gateway = $"127.0.0.1:{fixture.Cluster[1].GatewayPort}";
            var run = await ProcessRun.RunAsync(
                StartInfo(Path.Combine(tools, "orleanskv"), "--gateway", gateway, "-c", "put tool:installed 7 all; get tool:installed quorum"),
                timeout: TimeSpan.FromMinutes(2));

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("OK put tool:installed", run.Output);
            Assert.Contains("tool:installed = \"7\"", run.Output);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static Task<ProcessRun> DotnetAsync(params string[] arguments) =>
        ProcessRun.RunAsync(StartInfo("dotnet", arguments), timeout: TimeSpan.FromMinutes(4));

    private static ProcessStartInfo StartInfo(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = SiloBinary.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
