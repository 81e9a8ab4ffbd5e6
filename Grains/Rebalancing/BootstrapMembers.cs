using Microsoft.Extensions.Options;
using OrleansKv.Grains.Cluster;
using OrleansKv.Grains.Ring;

namespace OrleansKv.Grains.Rebalancing;

/// <summary>
/// Who owns the first ring record of a new cluster: every node whose silo is active, after
/// waiting (at most <see cref="RingOptions.BootstrapWait"/>) for the nodes named in
/// <see cref="RingOptions.InitialNodes"/> to become active too (as etcd's initial-cluster). Nodes
/// started together (the local launcher names them) thus own the ring at epoch 1 instead of
/// entering it one join (three epochs) after another. This only decides who else owns epoch 1,
/// which already took every active node with its data: a named node that is not active when the
/// wait ends, or any node that starts later, joins as before.
/// </summary>
public sealed class BootstrapMembers(ClusterView cluster, IOptions<RingOptions> options, ILocalSiloDetails silo, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<IReadOnlyList<string>> WaitAsync(CancellationToken cancellation)
    {
        var expected = options.Value.InitialNodeIds;
        var deadline = time.GetUtcNow() + options.Value.BootstrapWait;
        while (expected.Any(n => n != silo.Name && !cluster.Current.IsUp(n)) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellation);
        }

        return cluster.Current.UpNodes.Append(silo.Name).Distinct(StringComparer.Ordinal).ToArray();
    }
}
