using System.Diagnostics;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Launcher;

/// <summary>
/// The README's two commands, typed as it gives them, from the repository's root:
/// <c>dotnet run --project Silo -- --cluster</c>, then <c>dotnet run --project Shell</c>. They must
/// agree on the default cluster although <c>dotnet run</c> runs the web project in its own folder.
/// </summary>
public sealed class ReadmeCommandsTests
{
    [Fact]
    public async Task The_readmes_dotnet_run_lines_for_the_cluster_and_the_shell_find_each_other()
    {
        // The default data directory follows XDG_DATA_HOME, so the test's cluster lives in a
        // temp folder; ORLEANSKV_PORT_OFFSET keeps its ports off a developer's own cluster.
        var dataHome = Path.Combine(Path.GetTempPath(), "orleanskv-readme-" + Guid.NewGuid().ToString("N"));
        using var captured = CapturedProcess.Start(DotnetRun(dataHome, "--project", "Silo", "--", "--cluster"));
        var launcher = captured.Process;
        string Output() => captured.Output;

        try
        {
            // dotnet run builds first (Debug), which takes a while on a busy machine.
            await Poll.UntilAsync(
                () => Task.FromResult(Output().Contains("Press Ctrl-C") || launcher.HasExited),
                "the launcher to report the cluster ready", TimeSpan.FromMinutes(6));
            Assert.False(launcher.HasExited, Output());
            Assert.Contains(Path.Combine(dataHome, "orleanskv", "data"), Output());

            var shell = await ProcessRun.RunAsync(
                DotnetRun(dataHome, "--project", "Shell"), "put readme:greeting 42\nget readme:greeting quorum\n", TimeSpan.FromMinutes(6));

            Assert.True(shell.ExitCode == 0, shell.ToString());
            Assert.Contains("readme:greeting = \"42\"", shell.Output);
        }
        finally
        {
            launcher.Kill(entireProcessTree: true);
            await launcher.WaitForExitAsync();
            try
            {
                Directory.Delete(dataHome, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temp data is harmless.
            }
        }
    }

    private static ProcessStartInfo DotnetRun(string dataHome, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = SiloBinary.RepositoryRoot,
        };
        start.ArgumentList.Add("run");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["XDG_DATA_HOME"] = dataHome;
        start.Environment.Remove("ORLEANSKV_DATA_DIR");
        start.Environment["ORLEANSKV_PORT_OFFSET"] = "700";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }
}
