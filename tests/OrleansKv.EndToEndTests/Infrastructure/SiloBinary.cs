using System.Diagnostics;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Finds the built Silo program (same configuration as these tests) and starts it.</summary>
public static class SiloBinary
{
    private static readonly Lazy<string> Dll = new(() => BuiltProgram.Locate("Silo", "OrleansKv.Silo"));

    public static string Path => Dll.Value;

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments) => BuiltProgram.StartInfo(Path, arguments);
}
