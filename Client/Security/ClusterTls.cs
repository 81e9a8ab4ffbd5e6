using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace OrleansKv.Client.Security;

/// <summary>
/// Mutual TLS for Orleans traffic (silo to silo, client to gateway) with one cluster certificate:
/// every silo and client presents it, and accepts a peer only if the peer presents that same
/// certificate (<see cref="CertificatePin"/>). The handshake proves the
/// peer holds the certificate's private key, so holding the cluster's PFX is what admits a
/// process to the cluster; no CA, host name or trust store is involved, which suits a
/// self-signed certificate made for one cluster. Silos and clients must use the same rule, so
/// both configure it here.
/// </summary>
public static class ClusterTls
{
    /// <summary>The environment variable the node, the launcher and the shell read the cluster certificate's password from by default.</summary>
    public const string PasswordVariable = "ORLEANSKV_CLUSTER_CERT_PASSWORD";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Sets <paramref name="options"/> to present <paramref name="clusterCertificate"/> and accept only peers that present it too.</summary>
    public static void Configure(TlsOptions options, X509Certificate2 clusterCertificate)
    {
        EnsureUsableBothWays(clusterCertificate);
        var pin = new CertificatePin(clusterCertificate);
        options.LocalCertificate = clusterCertificate;
        // Required in both directions: a silo's inbound side asks the dialler for a certificate,
        // and a client must present one.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The pin replaces chain and name checks (a self-signed certificate has no chain, and
        // peers are dialled by IP address); every other certificate is refused.
        options.RemoteCertificateValidation = (presented, _, _) => pin.Matches(presented);
    }

    /// <summary>
    /// Every process is both TLS server and client (a silo dials and is dialled): a certificate
    /// whose extended key usage leaves one out would be refused by Orleans, so say so first.
    /// </summary>
    private static void EnsureUsableBothWays(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        if (usages is null)
        {
            return;
        }

        var oids = usages.Cast<Oid>().Select(o => o.Value).ToHashSet();
        if (!oids.Contains(ServerAuthentication) || !oids.Contains(ClientAuthentication))
        {
            throw new InvalidOperationException(
                $"The cluster certificate {certificate.Subject} ({certificate.Thumbprint}) must allow both server and client authentication " +
                "(extended key usage 1.3.6.1.5.5.7.3.1 and 1.3.6.1.5.5.7.3.2, or no extended key usage at all).");
        }
    }
}
