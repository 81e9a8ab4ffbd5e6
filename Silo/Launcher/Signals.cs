using System.Runtime.InteropServices;

namespace OrleansKv.Silo.Launcher;

/// <summary>
/// POSIX signals to child processes. .NET's Process.Kill is SIGKILL only; a node stopped with
/// SIGTERM leaves the cluster cleanly and flushes its storage.
/// </summary>
internal static partial class Signals
{
    private const int SigTerm = 15;

    public static bool Terminate(int processId) => OperatingSystem.IsWindows() ? false : kill(processId, SigTerm) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
