using OrleansKv.Shell;

namespace OrleansKv.Silo.Launcher;

/// <summary>Opens the interactive shell on node 1 of the local cluster, in this terminal.</summary>
internal static class ShellLauncher
{
    /// <summary>
    /// The shell finds the nodes through the cluster's membership file, as it would on its own
    /// (`Shell --data-dir DIR`), so nodes added later are found too; its history lives there as well.
    /// </summary>
    public static Task<int> RunAsync(LocalClusterOptions options, CancellationToken cancellationToken) =>
        ShellProgram.RunAsync(new ShellOptions
        {
            Node = 1,
            DataDirectory = options.DataDirectory,
            ClusterCertificatePath = options.ClusterCertificate?.Path,
            ClusterCertificatePassword = options.ClusterCertificate?.Password,
        }, cancellationToken);
}
