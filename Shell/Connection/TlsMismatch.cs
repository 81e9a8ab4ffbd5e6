using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;
using OrleansKv.Client.Security;

namespace OrleansKv.Shell.Connection;

/// <summary>
/// Explains a failed connection that a TLS mismatch caused: the Orleans client only sees
/// gateways that never answer, whether the shell lacks the cluster certificate, holds another
/// one, or speaks TLS to a cluster without it. One TLS handshake with a gateway (it shows its
/// certificate before it checks ours) tells which.
/// </summary>
internal static class TlsMismatch
{
    private const int GatewaysToProbe = 3;

    /// <summary>What is wrong with TLS between the shell and the cluster's gateways, or null if the probe finds nothing wrong.</summary>
    public static async Task<string?> DescribeAsync(IServiceProvider services, X509Certificate2? clusterCertificate, TimeSpan timeout)
    {
        IList<Uri> gateways;
        using var listing = new CancellationTokenSource(timeout);
        try
        {
            var provider = services.GetRequiredService<IGatewayListProvider>();
            await provider.InitializeGatewayListProviderAsync(listing.Token);
            gateways = await provider.GetGatewaysAsync(listing.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No gateway list (no membership file, database down): nothing to tell about TLS.
            return null;
        }

        foreach (var gateway in gateways.Take(GatewaysToProbe))
        {
            if (!IPAddress.TryParse(gateway.Host, out var address))
            {
                continue;
            }

            var endpoint = new IPEndPoint(address, gateway.Port);
            try
            {
                if (Describe(endpoint, await ServerCertificateAsync(endpoint, timeout), clusterCertificate) is { } mismatch)
                {
                    return mismatch;
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // This gateway is down: ask the next.
            }
        }

        return null;
    }

    private static string? Describe(IPEndPoint gateway, X509Certificate2? presented, X509Certificate2? clusterCertificate) =>
        (presented, clusterCertificate) switch
        {
            (null, null) => null,
            (null, { }) => $"the gateway at {gateway} does not answer TLS: this cluster runs without --cluster-cert, so connect without it",
            ({ }, null) => $"the gateway at {gateway} requires mutual TLS: give --cluster-cert FILE, the cluster's certificate",
            ({ }, { }) when !new CertificatePin(clusterCertificate).Matches(presented) =>
                $"the gateway at {gateway} presented certificate {Name(presented)}, not the --cluster-cert {Name(clusterCertificate)}: " +
                "this is not the cluster's certificate, so the cluster refuses the shell",
            _ => null,
        };

    /// <summary>The certificate the gateway shows in a TLS handshake; null if it does not speak TLS (refuses or ignores the handshake).</summary>
    private static async Task<X509Certificate2?> ServerCertificateAsync(IPEndPoint endpoint, TimeSpan timeout)
    {
        using var tcp = new TcpClient(endpoint.AddressFamily);
        using (var connecting = new CancellationTokenSource(timeout))
        {
            await tcp.ConnectAsync(endpoint, connecting.Token);
        }

        X509Certificate2? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return true;
        });
        using var handshake = new CancellationTokenSource(timeout);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "orleanskv" }, handshake.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            // Refused (the shell showed no certificate) or no TLS server: what it showed, if anything, is all we need.
        }

        return presented;
    }

    private static string Name(X509Certificate2 certificate) =>
        $"{certificate.Subject} (SHA-256 {Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256))[..16]}…)";
}
