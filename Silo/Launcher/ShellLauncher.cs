namespace OrleansKv.Silo.Launcher;

/// <summary>Opens the interactive shell on node 1 of the local cluster.</summary>
internal static class ShellLauncher
{
    public static async Task<int> RunAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        // The shell lands separately; until then the launcher keeps the cluster up like --cluster.
        Console.WriteLine("The interactive shell is not available in this build; press Ctrl-C to stop the cluster.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
