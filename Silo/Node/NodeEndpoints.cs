using System.Net;
using Orleans.Configuration;

namespace OrleansKv.Silo.Node;

/// <summary>
/// Where the silo and gateway listen, and the address they publish in membership. On a host they
/// are the same (--bind, loopback by default). In a pod the node listens on every address
/// (--bind 0.0.0.0) and advertises the pod's IP (--advertise), which peers and clients dial.
/// </summary>
public static class NodeEndpoints
{
    public static ISiloBuilder ConfigureNodeEndpoints(this ISiloBuilder silo, NodeSettings settings) =>
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = settings.AdvertisedAddress;
            o.SiloPort = settings.SiloPort;
            o.GatewayPort = settings.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(settings.BindAddress, settings.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(settings.BindAddress, settings.GatewayPort);
        });

    /// <summary>0.0.0.0 or ::, which can be listened on but not dialled.</summary>
    public static bool IsAnyAddress(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
