using System.Diagnostics;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Finds the built Silo program (same configuration as these tests) and starts it.</summary>
public static class SiloBinary
{
    private static readonly Lazy<string> Dll = new(Locate);

    public static string Path => Dll.Value;

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string Locate()
    {
        var testDirectory = AppContext.BaseDirectory;
        var configuration = testDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var directory = new DirectoryInfo(testDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"Cannot find the repository root above {testDirectory}.");
        }

        var dll = System.IO.Path.Combine(directory.FullName, "Silo", "bin", configuration, "net10.0", "OrleansKv.Silo.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The Silo is not built: {dll} is missing.");
    }
}
