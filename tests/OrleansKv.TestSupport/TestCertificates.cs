using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansKv.TestSupport;

/// <summary>
/// Self-signed certificates made by the test (ECDSA P-256, valid for a day, usable for server
/// and client authentication, named 127.0.0.1 and localhost), written as password-protected
/// PFX (or PEM) files to a temporary directory that disposing removes.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string Password = "test-pfx-password";

    private readonly TestDirectory _directory = new("certs");

    /// <summary>Makes a certificate named <paramref name="name"/>; returns its PFX file and the certificate (public part).</summary>
    public (string PfxPath, X509Certificate2 Certificate) Create(string name)
    {
        using var certificate = New(name);
        return (WritePfx(name, certificate), X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    /// <summary>
    /// A certificate with its private key; <paramref name="notAfter"/> (default: a day from now)
    /// can make it expired, and <paramref name="clientAuthentication"/> false limits its
    /// extended key usage to server authentication.
    /// </summary>
    public static X509Certificate2 New(string name, DateTimeOffset? notAfter = null, bool clientAuthentication = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") };
        if (clientAuthentication)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(1);
        return request.CreateSelfSigned(until.AddDays(-2), until);
    }

    /// <summary>Writes <paramref name="certificate"/> (with its key, if it has one) as NAME.pfx, protected by <see cref="Password"/>.</summary>
    public string WritePfx(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_directory.Path, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>Writes the certificate and its unencrypted private key in PEM, as NAME.crt and NAME.key; returns both paths.</summary>
    public (string CertificatePath, string KeyPath) WritePem(string name, X509Certificate2 certificate)
    {
        var certificatePath = Path.Combine(_directory.Path, name + ".crt");
        var keyPath = Path.Combine(_directory.Path, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificatePath, keyPath);
    }

    /// <summary>
    /// An HttpClient handler that trusts <paramref name="trusted"/> as its only root, as a client
    /// given that certificate would: the chain and the host name are still checked.
    /// </summary>
    public static HttpClientHandler Trusting(X509Certificate2 trusted) => new()
    {
        ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
        {
            if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented);
        },
    };

    public void Dispose() => _directory.Dispose();
}
