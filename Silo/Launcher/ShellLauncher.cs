using OrleansKv.Shell;
using OrleansKv.Silo.Node;

namespace OrleansKv.Silo.Launcher;

/// <summary>Opens the interactive shell on node 1 of the local cluster, in this terminal.</summary>
internal static class ShellLauncher
{
    public static Task<int> RunAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        // Explicit gateways work for any membership store and any port offset.
        var arguments = new List<string> { "--node", "1" };
        for (var k = 1; k <= options.Nodes; k++)
        {
            arguments.Add("--gateway");
            arguments.Add($"127.0.0.1:{NodeSettings.GatewayPortBase + options.PortOffset + k}");
        }

        return ShellProgram.RunAsync(arguments.ToArray(), cancellationToken);
    }
}
