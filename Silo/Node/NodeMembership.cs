using System.Net;

namespace OrleansKv.Silo.Node;

/// <summary>Chooses where cluster membership lives: the embedded SQLite file, or PostgreSQL.</summary>
public static class NodeMembership
{
    public static ISiloBuilder UseKeyValueMembership(this ISiloBuilder silo, NodeSettings settings)
    {
        // Placeholder until the SQLite membership store lands: development clustering on node1.
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, new IPEndPoint(settings.BindAddress, settings.SiloPort - settings.NodeNumber + 1), NodeHost.ServiceId, NodeHost.ClusterId);
        return silo;
    }
}
