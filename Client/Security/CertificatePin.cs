using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansKv.Client.Security;

/// <summary>
/// Trust in exactly one certificate, by the SHA-256 hash of its encoding, within its validity
/// dates: what a self-signed certificate needs in place of a chain to a trusted root. Used for
/// the cluster certificate (both ends of Orleans connections) and by the launcher to trust the
/// HTTPS certificate it gave its nodes, without turning validation off.
/// </summary>
public sealed class CertificatePin(X509Certificate2 trusted)
{
    private readonly byte[] _sha256 = trusted.GetCertHash(HashAlgorithmName.SHA256);

    /// <summary>True when <paramref name="presented"/> is the pinned certificate and valid now.</summary>
    public bool Matches(X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        var now = DateTime.Now;
        var certificate = presented as X509Certificate2;
        return CryptographicOperations.FixedTimeEquals(presented.GetCertHash(HashAlgorithmName.SHA256), _sha256)
            && (certificate is null || (now >= certificate.NotBefore && now <= certificate.NotAfter));
    }
}
