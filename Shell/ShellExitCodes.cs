namespace OrleansKv.Shell;

/// <summary>The shell's exit codes.</summary>
public static class ShellExitCodes
{
    /// <summary>Every command succeeded (or the interactive session ended normally).</summary>
    public const int Success = 0;

    /// <summary>At least one command failed (scripts and -c).</summary>
    public const int CommandFailed = 1;

    /// <summary>The command line was wrong (unknown option, bad endpoint, unknown --node).</summary>
    public const int InvalidArguments = 2;

    /// <summary>No cluster answered.</summary>
    public const int ClusterUnreachable = 3;
}
