using System.Diagnostics;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Finds the built Silo, Shell and bench programs (same configuration as these tests) and starts them.</summary>
public static class SiloBinary
{
    private static readonly Lazy<string> Dll = new(() => Locate("Silo", "OrleansKv.Silo.dll"));
    private static readonly Lazy<string> ShellDll = new(() => Locate("Shell", "OrleansKv.Shell.dll"));
    private static readonly Lazy<string> BenchDll = new(() => Locate(System.IO.Path.Combine("bench", "OrleansKv.Bench"), "OrleansKv.Bench.dll"));

    private static readonly Lazy<string> CartsDll = new(() => Locate(System.IO.Path.Combine("samples", "Carts"), "OrleansKv.Samples.Carts.dll"));

    public static string Path => Dll.Value;

    /// <summary>The sample cart service (samples/Carts).</summary>
    public static ProcessStartInfo CartsSampleStartInfo(IEnumerable<string> arguments) => StartInfo(CartsDll.Value, arguments);

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments) => StartInfo(Path, arguments);

    public static ProcessStartInfo ShellStartInfo(IEnumerable<string> arguments) => StartInfo(ShellDll.Value, arguments);

    public static ProcessStartInfo BenchStartInfo(IEnumerable<string> arguments) => StartInfo(BenchDll.Value, arguments);

    /// <summary>
    /// The same command run under <paramref name="prefix"/> (e.g. <c>ip netns exec NS</c>): the
    /// prefix's first word becomes the program and the original command its last arguments.
    /// </summary>
    public static ProcessStartInfo UnderPrefix(this ProcessStartInfo start, IReadOnlyList<string> prefix)
    {
        if (prefix.Count == 0)
        {
            return start;
        }

        string[] command = [.. prefix.Skip(1), start.FileName, .. start.ArgumentList];
        start.FileName = prefix[0];
        start.ArgumentList.Clear();
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments)
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

    /// <summary>The build configuration of these tests (and so of the programs they start).</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The repository's root folder (where OrleansKv.sln is).</summary>
    public static string RepositoryRoot => Root.Value;

    private static readonly Lazy<string> Root = new(FindRoot);

    private static string Locate(string project, string assembly)
    {
        var dll = System.IO.Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{project} is not built: {dll} is missing.");
    }

    private static string FindRoot()
    {
        var testDirectory = AppContext.BaseDirectory;
        var directory = new DirectoryInfo(testDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"Cannot find the repository root above {testDirectory}.");
        }

        return directory.FullName;
    }
}
