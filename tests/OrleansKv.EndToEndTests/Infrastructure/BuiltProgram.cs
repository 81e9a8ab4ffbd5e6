using System.Diagnostics;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Finds a program of this repository built in the same configuration as these tests, and
/// starts it with <c>dotnet</c> with redirected output.
/// </summary>
public static class BuiltProgram
{
    /// <summary>The dll of <paramref name="assemblyName"/> under <c>{projectDirectory}/bin/{configuration}/net10.0</c>.</summary>
    public static string Locate(string projectDirectory, string assemblyName)
    {
        var testDirectory = AppContext.BaseDirectory;
        var configuration = testDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var directory = new DirectoryInfo(testDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"Cannot find the repository root above {testDirectory}.");
        }

        var dll = Path.Combine(directory.FullName, projectDirectory, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{assemblyName} is not built: {dll} is missing.");
    }

    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
