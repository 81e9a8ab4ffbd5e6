namespace OrleansKv.Silo.Node;

/// <summary>
/// The exit codes of a node process (<c>Silo node</c>), in one place: docs/operations.md lists
/// them for supervisors. A node declared dead by its peers does not exit: it rebuilds its silo
/// in-process (<see cref="NodeHost"/>), so Orleans' abort (134) is never one of them.
/// </summary>
public static class NodeExitCode
{
    /// <summary>Stopped on request (SIGTERM, Ctrl-C) or after a decommission.</summary>
    public const int Stopped = 0;

    /// <summary>Could not start (port or data directory in use, storage unreadable): a restart may succeed once the cause is gone.</summary>
    public const int StartFailed = 1;

    /// <summary>A setting is invalid; the message names it. Restarting with the same settings fails the same way.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// The cluster will never admit this node as it is configured: its node id was removed from
    /// the ring while its data directory still holds the old data, or its cluster certificate
    /// (or its lack of one) differs from the one the running nodes use. EX_CONFIG of sysexits.h;
    /// supervisors should not restart on it (systemd: <c>RestartPreventExitStatus=78</c>).
    /// </summary>
    public const int DoNotRestart = 78;
}
