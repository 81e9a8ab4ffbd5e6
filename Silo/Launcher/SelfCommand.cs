using System.Diagnostics;

namespace OrleansKv.Silo.Launcher;

/// <summary>How to start this same program again, whether it runs as an apphost or as "dotnet Silo.dll".</summary>
internal static class SelfCommand
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(SelfCommand).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
