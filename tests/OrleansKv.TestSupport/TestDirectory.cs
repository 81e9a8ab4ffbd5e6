namespace OrleansKv.TestSupport;

/// <summary>A fresh temporary directory per test, removed afterwards.</summary>
public sealed class TestDirectory : IDisposable
{
    /// <param name="purpose">Part of the directory's name, to tell leftovers apart (e.g. "e2e", "certs").</param>
    public TestDirectory(string purpose = "test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"orleanskv-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; a failing cleanup must not fail the test.
        }
    }
}
