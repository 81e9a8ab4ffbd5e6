namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Where tests leave files for people to look at: TestResults/ at the repository root (test.sh's results directory).</summary>
public static class TestArtifacts
{
    public static string PathOf(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        var results = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(results);
        return Path.Combine(results, fileName);
    }
}
